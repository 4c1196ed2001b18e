import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/optim/clip-by-global-norm.js'
import { expectNumbers, updates, vec } from './helpers.js'

type Two = { readonly a: Tensor.Tensor<[1], 'float64'>; readonly b: Tensor.Tensor<[2], 'float64'> }
const two = (a: number, b0: number, b1: number): Two => ({
  a: Tensor.tensor([a], 'float64'),
  b: Tensor.tensor([b0, b1], 'float64')
})

describe('clip-by-global-norm', () => {
  describe('globalNorm', () => {
    it('should take the norm over every tensor of the tree', () => {
      // √(0.5² + 2² + 4²) = √20.25 = 4.5
      expect(_.globalNorm(two(0.5, -2, 4))).toBe(4.5)
      expect(_.globalNorm([])).toBe(0)
    })
  })
  describe('clipByGlobalNorm', () => {
    it('should scale the whole tree by one factor c/‖g‖ when it is longer than c', () => {
      const tx = _.clipByGlobalNorm<Two>(1)
      const p = two(0, 0, 0)
      const [u] = tx.update(two(0.5, -2, 4), tx.init(p), p)
      expectNumbers([...Tensor.toArray(u.a), ...Tensor.toArray(u.b)], [0.5 / 4.5, -2 / 4.5, 4 / 4.5], 1e-15)
      expect(_.globalNorm(u)).toBeCloseTo(1, 14)
    })
    it('should leave shorter gradients as they are (the same tensors)', () => {
      const g = vec([0.3, 0.4])
      const tx = _.clipByGlobalNorm<typeof g>(0.5)
      expect(tx.update(g, tx.init(g), g)[0].v).toBe(g.v)
    })
    it('should let a NaN through, so it is seen downstream', () => {
      expect(Number.isNaN(updates(_.clipByGlobalNorm(1), vec([0, 0]), [vec([Number.NaN, 1])])[0]![0])).toBe(true)
    })
    it('should reject a maximum norm that is not positive', () => {
      expect(() => _.clipByGlobalNorm(0)).toThrow('clipByGlobalNorm: expected maxNorm a finite number > 0, found 0')
    })
  })
})
