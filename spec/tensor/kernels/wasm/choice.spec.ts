import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/wasm/choice.js'

// Run `count` products of one shape whose time depends on the way it ran (and the call number).
const run = (s: _.CutTimes, count: number, ms: (way: _.Way, call: number) => number): Array<_.Way> =>
  Array.from({ length: count }, () => {
    const way = _.chooseWay(s)
    _.recordWay(s, way, ms(way, s.calls))
    return way
  })

describe('choice', () => {
  describe('chooseWay and recordWay', () => {
    it('should run the cold products whole, then alternate the two ways through the trials', () => {
      const ways = run(_.noTimes(), _.COLD + _.TRIALS, () => 1)
      expect(ways.slice(0, _.COLD)).toEqual([0, 0])
      expect(ways.slice(_.COLD)).toEqual(Array.from({ length: _.TRIALS }, (_v, i) => (i % 2 === 0 ? 0 : 1)))
    })
    it('should keep the cut when its median is at least 5 % below, trying the whole way every 64th product', () => {
      const s = _.noTimes()
      const ways = run(s, 200, (way) => (way === 1 ? 0.8 : 1))
      expect(s.cut).toBe(true)
      const after = ways.slice(_.COLD + _.TRIALS)
      const whole = after.flatMap((w, i) => (w === 0 ? [i + _.COLD + _.TRIALS] : []))
      expect(whole.length).toBeGreaterThan(0)
      expect(whole.every((call) => call % _.RETRY === 0)).toBe(true)
    })
    it('should not cut a product that is slower cut, nor one less than 5 % faster', () => {
      for (const cutMs of [1.3, 0.97]) {
        const s = _.noTimes()
        const ways = run(s, 200, (way) => (way === 1 ? cutMs : 1))
        expect(s.cut).toBe(false)
        expect(ways.slice(_.COLD + _.TRIALS).filter((w) => w === 1).length).toBeLessThanOrEqual(Math.ceil(200 / _.RETRY))
      }
    })
    it('should go by the median of the trials, so that one slow outlier does not decide', () => {
      const s = _.noTimes()
      run(s, _.COLD + _.TRIALS, (way, call) => (way === 1 ? (call === _.COLD + 1 ? 50 : 0.8) : 1))
      expect(s.cut).toBe(true)
    })
    it('should switch when the kept way becomes slower (a load on the other core), and back', () => {
      const s = _.noTimes()
      run(s, 100, (way) => (way === 1 ? 0.8 : 1))
      expect(s.cut).toBe(true)
      run(s, 400, (way) => (way === 1 ? 1.6 : 1))
      expect(s.cut).toBe(false)
      run(s, 1000, (way) => (way === 1 ? 0.7 : 1))
      expect(s.cut).toBe(true)
    })
  })
})
