import { describe, expect, it } from 'vitest'
import * as _ from '../../src/random/key.js'

describe('key', () => {
  it('should be a pure function of the seed', () => {
    expect(_.key(7)).toEqual(_.key(7))
    expect(_.key(7)).not.toEqual(_.key(8))
    expect(_.key(2 ** 40)).not.toEqual(_.key(0))
  })
  it('should split into distinct keys, deterministically', () => {
    const k = _.key(0)
    const [a, b] = _.split(k)
    expect(a).not.toEqual(b)
    expect(a).not.toEqual(k)
    expect(_.split(k)).toEqual([a, b])
    expect(new Set(_.splitN(k, 100).map((x) => `${x.hi}:${x.lo}`)).size).toBe(100)
  })
  it('should fold in data deterministically', () => {
    const k = _.key(3)
    expect(_.foldIn(k, 1)).toEqual(_.foldIn(k, 1))
    expect(new Set(Array.from({ length: 1000 }, (_x, i) => JSON.stringify(_.foldIn(k, i)))).size).toBe(1000)
  })
  it('should give bits whose single bits are balanced (about half ones)', () => {
    const k = _.key(11)
    const n = 20000
    for (const bit of [0, 7, 15, 31]) {
      let ones = 0
      for (let i = 0; i < n; i++) ones += (_.bits(k, i) >>> bit) & 1
      // 5 standard deviations of a fair coin: √(n/4) ≈ 71.
      expect(Math.abs(ones - n / 2)).toBeLessThan(5 * 71)
    }
  })
  it('should give unrelated streams for neighbouring seeds (low correlation)', () => {
    const a = _.key(100)
    const b = _.key(101)
    let agree = 0
    for (let i = 0; i < 10000; i++) agree += (_.bits(a, i) & 1) === (_.bits(b, i) & 1) ? 1 : 0
    expect(Math.abs(agree - 5000)).toBeLessThan(5 * 50)
  })
})
