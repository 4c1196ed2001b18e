import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

describe('sigmoid', () => {
  describe('sigmoid', () => {
    const l = _.build(_.input(3, 'float64'), _.sigmoid())
    it('should compute 1/(1 + e^−a) and the gradient y(1 − y)', () => {
      const [y, tape] = l.forward({}, Tensor.tensor([[0, Math.log(3), -1000]], 'float64'), _.evalCtx)
      expect(Tensor.toArray(y)[0]).toBe(0.5)
      expect(Tensor.toArray(y)[1]).toBeCloseTo(0.75, 15)
      expect(Tensor.toArray(y)[2]).toBe(0) // e^(−1000) underflows to 0, without NaN
      const [, dx] = l.backward({}, tape, Tensor.tensor([[1, 1, 1]], 'float64'))
      expect(Tensor.toArray(dx)[0]).toBe(0.25)
      expect(Tensor.toArray(dx)[1]).toBeCloseTo(0.1875, 15)
    })
    it('should agree with central differences over 3 seeds, keep shapes and leave inputs unchanged', () => {
      for (const s of seeds) checkLayer(`sigmoid seed ${s}`, l, {}, randn(s, [5, 3], 2))
    })
  })
})
