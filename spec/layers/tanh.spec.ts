import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

describe('tanh', () => {
  describe('tanh', () => {
    const l = _.build(_.input(2, 'float64'), _.tanh())
    it('should compute tanh(a) and the gradient 1 − y²', () => {
      const [y, tape] = l.forward({}, Tensor.tensor([[0, Math.atanh(0.5)]], 'float64'), _.evalCtx)
      expect(Tensor.toArray(y)[0]).toBe(0)
      expect(Tensor.toArray(y)[1]).toBeCloseTo(0.5, 15)
      const [, dx] = l.backward({}, tape, Tensor.tensor([[2, 2]], 'float64'))
      expect(Tensor.toArray(dx)[0]).toBe(2)
      expect(Tensor.toArray(dx)[1]).toBeCloseTo(1.5, 14)
    })
    it('should agree with central differences over 3 seeds, keep shapes and leave inputs unchanged', () => {
      for (const s of seeds) checkLayer(`tanh seed ${s}`, l, {}, randn(s, [4, 2]))
    })
  })
})
