import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

describe('softmax', () => {
  describe('softmax', () => {
    const l = _.build(_.input(2, 'float64'), _.softmax())
    it('should compute e^a / Σ e^a row by row (worked by hand: a = [0, ln 2] → [1/3, 2/3])', () => {
      const [y] = l.forward({}, Tensor.tensor([[0, Math.log(2)]], 'float64'), _.evalCtx)
      expect(Tensor.toArray(y)[0]).toBeCloseTo(1 / 3, 15)
      expect(Tensor.toArray(y)[1]).toBeCloseTo(2 / 3, 15)
    })
    it('should compute dA = y ⊙ (dY − Σ dY_j y_j) (by hand: dY = [1, 0] → [2/9, −2/9])', () => {
      const [, tape] = l.forward({}, Tensor.tensor([[0, Math.log(2)]], 'float64'), _.evalCtx)
      const [, dA] = l.backward({}, tape, Tensor.tensor([[1, 0]], 'float64'))
      expect(Tensor.toArray(dA)[0]).toBeCloseTo(2 / 9, 15)
      expect(Tensor.toArray(dA)[1]).toBeCloseTo(-2 / 9, 15)
    })
    it('should equal the full Jacobian (diag(y) − y·yᵀ) times dY, which the diagonal alone does not', () => {
      const l3 = _.build(_.input(3, 'float64'), _.softmax())
      const [y, tape] = l3.forward({}, Tensor.tensor([[0.5, -1, 2]], 'float64'), _.evalCtx)
      const dY = [0.3, -0.7, 1.1] as const
      const yv = Tensor.toArray(y)
      const full = yv.map((yi, i) => dY.reduce((s, d, j) => s + (yi * ((i === j ? 1 : 0) - yv[j]!)) * d, 0))
      const diagonal = yv.map((yi, i) => yi * (1 - yi) * dY[i]!)
      const got = Tensor.toArray(l3.backward({}, tape, Tensor.tensor([dY], 'float64'))[1])
      got.forEach((g, i) => expect(g).toBeCloseTo(full[i]!, 14))
      expect(Math.max(...got.map((g, i) => Math.abs(g - diagonal[i]!)))).toBeGreaterThan(0.1)
    })
    it('should agree with central differences over 3 seeds, keep shapes and leave inputs unchanged', () => {
      const l4 = _.build(_.input(4, 'float64'), _.softmax())
      for (const s of seeds) checkLayer(`softmax seed ${s}`, l4, {}, randn(s, [3, 4], 2))
    })
    it('should not overflow at logits of 1000', () => {
      const [y] = l.forward({}, Tensor.tensor([[1000, 0]], 'float64'), _.evalCtx)
      expect(Tensor.toArray(y)).toEqual([1, 0])
    })
  })
})
