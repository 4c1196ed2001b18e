import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/losses/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { lossGradError, randn, seeds, tolerance } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('mean-squared-error', () => {
  describe('meanSquaredError', () => {
    it('should give (1/n) Σ (y − t)² and 2(y − t)/n (by hand)', () => {
      const r = _.meanSquaredError(f64([[1, 2], [3, 4]]), f64([[0, 2], [5, 4]]))
      expect(r.value).toBe(1.25) // (1 + 0 + 4 + 0) / 4
      expect(Tensor.toNested(r.grad)).toEqual([[0.5, 0], [-1, 0]])
    })
    it('should agree with central differences of its value over 3 seeds', () => {
      for (const s of seeds) {
        const t = randn(s + 5, [3, 2])
        expect(lossGradError(`meanSquaredError seed ${s}`, (p) => _.meanSquaredError(p, t), randn(s, [3, 2]))).toBeLessThanOrEqual(tolerance)
      }
    })
    it('should report targets of the wrong shape or dtype', () => {
      const bad = Tensor.zeros([2, 2]) as unknown as Tensor.Tensor<[2, 2], 'float64'>
      expect(() => _.meanSquaredError(f64([[1, 2], [3, 4]]), bad)).toThrow('meanSquaredError: expected targets of shape [2, 2] float64, found [2, 2] float32')
    })
    it('should not write into its inputs', () => {
      const y = f64([[1]])
      const t = f64([[2]])
      leavesInputsUnchanged([y, t], () => _.meanSquaredError(y, t))
    })
  })
})
