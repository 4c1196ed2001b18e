import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

describe('dropout', () => {
  describe('dropout', () => {
    const n = 10000
    const l = _.build(_.input(n, 'float64'), _.dropout(0.25))
    const x = Tensor.ones([1, n], 'float64')
    it('should drop a fraction `rate` of the units (rate is the DROP probability) and scale the rest by 1/(1 − rate)', () => {
      const [y] = l.forward({}, x, _.trainCtx(Random.key(1)))
      const values = Tensor.toArray(y)
      const dropped = values.filter((v) => v === 0).length / n
      // 3 standard deviations of a binomial proportion: √(0.25·0.75/10000) ≈ 0.0043
      expect(Math.abs(dropped - 0.25)).toBeLessThan(0.013)
      expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-15)).toBe(true)
    })
    it('should be the identity in eval mode', () => {
      const [y, tape] = l.forward({}, x, _.evalCtx)
      expect(y).toBe(x)
      expect(l.backward({}, tape, x)[1]).toBe(x)
    })
    it('should draw the mask from ctx.key: same key, same mask; another key, another mask', () => {
      const mask = (k: number) => Tensor.toArray(l.forward({}, x, _.trainCtx(Random.key(k)))[0])
      expect(mask(3)).toEqual(mask(3))
      expect(mask(3)).not.toEqual(mask(4))
    })
    it('should send gradients back through the same mask', () => {
      const [y, tape] = l.forward({}, x, _.trainCtx(Random.key(5)))
      expect(Tensor.toArray(l.backward({}, tape, x)[1])).toEqual(Tensor.toArray(y))
    })
    it('should agree with central differences over 3 seeds (train mode, one fixed mask)', () => {
      const small = _.build(_.input(6, 'float64'), _.dropout(0.5))
      for (const s of seeds) checkLayer(`dropout seed ${s}`, small, {}, randn(s, [4, 6]), { ctx: _.trainCtx(Random.key(s)) })
    })
    it('should refuse a rate outside [0, 1)', () => {
      expect(() => _.dropout(1)).toThrow('dropout: expected a drop probability in [0, 1), found 1')
      expect(() => _.dropout(-0.1)).toThrow(RangeError)
      const none = _.build(_.input(3, 'float64'), _.dropout(0))
      expect(Tensor.toArray(none.forward({}, Tensor.ones([1, 3], 'float64'), _.trainCtx(Random.key(0)))[0])).toEqual([1, 1, 1])
    })
  })
})
