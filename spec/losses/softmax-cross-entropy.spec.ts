import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/losses/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { lossGradError, randn, seeds, tolerance } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('softmax-cross-entropy', () => {
  describe('softmaxCrossEntropy', () => {
    const logits = f64([[1, 2, 3], [0, 0, 0]])
    // Worked independently (python3, math.log/exp): mean of [ln(e+e²+e³) − 3, ln 3]
    it('should give the hand-computed value and (y − t)/B for class indices', () => {
      const r = _.softmaxCrossEntropy(logits, [2, 0])
      expect(r.value).toBeCloseTo(0.753109126556245, 14)
      const expected = [0.04501528658519023, 0.12236423552739883, -0.16737952211258905, -0.33333333333333337, 0.16666666666666666, 0.16666666666666666]
      Tensor.toArray(r.grad).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 15))
    })
    it('should give the same for one-hot targets as for class indices', () => {
      const a = _.softmaxCrossEntropy(logits, [2, 0])
      const b = _.softmaxCrossEntropy(logits, f64([[0, 0, 1], [1, 0, 0]]))
      expect(b.value).toBeCloseTo(a.value, 15)
      expect(Tensor.toArray(b.grad)).toEqual(Tensor.toArray(a.grad))
    })
    it('should agree with central differences of its value over 3 seeds (indices, one-hot and soft targets)', () => {
      for (const s of seeds) {
        const z = randn(s, [4, 5], 3)
        expect(lossGradError(`softmaxCrossEntropy indices seed ${s}`, (p) => _.softmaxCrossEntropy(p, [0, 4, 2, 2]), z)).toBeLessThanOrEqual(tolerance)
        const soft = Tensor.softmax(randn(s + 9, [4, 5]))
        expect(lossGradError(`softmaxCrossEntropy soft seed ${s}`, (p) => _.softmaxCrossEntropy(p, soft), z)).toBeLessThanOrEqual(tolerance)
      }
    })
    it('should stay finite and exact at logits of ±1000 (log-sum-exp)', () => {
      const r = _.softmaxCrossEntropy(f64([[1000, -1000], [1000, -1000]]), [0, 1])
      expect(r.value).toBe(1000) // (0 + 2000) / 2
      expect(Tensor.toNested(r.grad)).toEqual([[0, 0], [0.5, -0.5]])
    })
    it('should report targets of the wrong shape', () => {
      const r = Tensor.attempt(() => _.softmaxCrossEntropy(logits, f64([[0, 1], [1, 0]]) as unknown as typeof logits))
      expect(E.isLeft(r) && r.left.message).toBe('softmaxCrossEntropy: expected targets of shape [2, 3] float64, found [2, 2] float64')
    })
    it('should report class indices out of range or of the wrong count', () => {
      expect(() => _.softmaxCrossEntropy(logits, [2, 3])).toThrow('softmaxCrossEntropy: expected class indices in 0..2, found 3 at row 1')
      expect(() => _.softmaxCrossEntropy(logits, [0.5, 1])).toThrow('softmaxCrossEntropy: expected class indices in 0..2, found 0.5 at row 0')
      expect(() => _.softmaxCrossEntropy(logits, [1])).toThrow('softmaxCrossEntropy: expected 2 class indices (one per row), found 1')
    })
    it('should not write into its inputs', () => {
      const t = f64([[0, 0, 1], [1, 0, 0]])
      leavesInputsUnchanged([logits, t], () => _.softmaxCrossEntropy(logits, t))
    })
  })
})
