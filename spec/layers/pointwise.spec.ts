import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

describe('pointwise', () => {
  describe('pointwise', () => {
    const cube = _.pointwise({ name: 'cube', h: (a) => a ** 3, dh: (a) => 3 * a * a, keeps: 'input' })
    it('should make a layer from h and h′', () => {
      const l = _.build(_.input(2, 'float64'), cube)
      const [y, tape] = l.forward({}, Tensor.tensor([[2, -1]], 'float64'), _.evalCtx)
      expect(Tensor.toNested(y)).toEqual([[8, -1]])
      expect(Tensor.toNested(l.backward({}, tape, Tensor.tensor([[1, 2]], 'float64'))[1])).toEqual([[12, 6]])
      for (const s of seeds) checkLayer(`cube seed ${s}`, l, {}, randn(s, [3, 2]))
    })
    it('should catch a wrong derivative (the check can fail)', () => {
      const wrong = _.build(_.input(2, 'float64'), _.pointwise({ name: 'wrong', h: (a) => a ** 3, dh: (a) => 2 * a * a, keeps: 'input' }))
      expect(_.gradCheck(wrong, {}, randn(1, [3, 2])).input).toBeGreaterThan(0.1)
    })
  })
})
