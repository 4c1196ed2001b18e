import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/losses/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { lossGradError, randn, seeds, tolerance } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('binary-cross-entropy', () => {
  describe('sigmoidBinaryCrossEntropy', () => {
    // Worked independently (python3): −mean(t ln σ(z) + (1 − t) ln(1 − σ(z))), z = [2, −1], t = [1, 0]
    it('should give the hand-computed value and (σ(z) − t)/n', () => {
      const r = _.sigmoidBinaryCrossEntropy(f64([[2], [-1]]), f64([[1], [0]]))
      expect(r.value).toBeCloseTo(0.22009484928059772, 15)
      const g = Tensor.toArray(r.grad)
      expect(g[0]).toBeCloseTo(-0.05960146101105884, 15)
      expect(g[1]).toBeCloseTo(0.13447071068499755, 15)
    })
    it('should be exact and finite at logits of ±1000', () => {
      const r = _.sigmoidBinaryCrossEntropy(f64([[1000], [-1000], [1000], [-1000]]), f64([[1], [0], [0], [1]]))
      expect(r.value).toBe(500) // (0 + 0 + 1000 + 1000) / 4
      expect(Tensor.toNested(r.grad)).toEqual([[0], [0], [0.25], [-0.25]])
    })
    it('should agree with central differences of its value over 3 seeds', () => {
      for (const s of seeds) {
        const t = Tensor.map(randn(s + 5, [4, 3]), (v) => (v > 0 ? 1 : 0))
        expect(lossGradError(`sigmoidBinaryCrossEntropy seed ${s}`, (p) => _.sigmoidBinaryCrossEntropy(p, t), randn(s, [4, 3], 3))).toBeLessThanOrEqual(tolerance)
      }
    })
    it('should report targets of the wrong shape', () => {
      const bad = f64([[1, 0]]) as unknown as Tensor.Tensor<[2, 1], 'float64'>
      expect(() => _.sigmoidBinaryCrossEntropy(f64([[2], [-1]]), bad)).toThrow('sigmoidBinaryCrossEntropy: expected targets of shape [2, 1] float64, found [1, 2] float64')
    })
    it('should not write into its inputs', () => {
      const z = f64([[2], [-1]])
      const t = f64([[1], [0]])
      leavesInputsUnchanged([z, t], () => _.sigmoidBinaryCrossEntropy(z, t))
    })
  })
})
