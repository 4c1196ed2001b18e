/**
 * The softmax lesson (issue 3, item 7): the lecture's output error, built from the diagonal of the
 * softmax Jacobian only, equals the true x − t for two classes and differs for three or more.
 */
import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/losses/index.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('lecture-softmax-gradient', () => {
  describe('lectureSoftmaxCrossEntropyGradient', () => {
    it('should equal the true gradient x − t for 2 classes (x = [0.7, 0.3], t = [0, 1] → [0.7, −0.7])', () => {
      const d = Tensor.toArray(_.lectureSoftmaxCrossEntropyGradient(f64([[0.7, 0.3]]), f64([[0, 1]])))
      // j = 1: (t₂/x₂)·x₁(1 − x₁) = (1/0.3)·0.7·0.3 = 0.7;  j = 2: (−1/0.3)·0.3·0.7 = −0.7
      expect(d[0]).toBeCloseTo(0.7, 15)
      expect(d[1]).toBeCloseTo(-0.7, 15)
    })
    it('should equal x − t for 2 classes at any probabilities and soft targets', () => {
      const x = f64([[0.9, 0.1], [0.2, 0.8], [0.55, 0.45]])
      const t = f64([[1, 0], [0.3, 0.7], [0, 1]])
      const d = Tensor.toArray(_.lectureSoftmaxCrossEntropyGradient(x, t))
      Tensor.toArray(Tensor.sub(x, t)).forEach((v, i) => expect(d[i]).toBeCloseTo(v, 14))
    })
    it('should differ from x − t for 3 classes (x = [0.5, 0.3, 0.2], t = [1, 0, 0]: [−0.5, 0.42, 0.32] against [−0.5, 0.3, 0.2])', () => {
      const d = Tensor.toArray(_.lectureSoftmaxCrossEntropyGradient(f64([[0.5, 0.3, 0.2]]), f64([[1, 0, 0]])))
      // j = 1 (the label): −(1/0.5)·0.5·0.5 = −0.5, which is right; the others are not:
      // j = 2: (1/0.5)·0.3·0.7 = 0.42 ≠ 0.3;  j = 3: (1/0.5)·0.2·0.8 = 0.32 ≠ 0.2
      expect(d[0]).toBeCloseTo(-0.5, 15)
      expect(d[1]).toBeCloseTo(0.42, 15)
      expect(d[2]).toBeCloseTo(0.32, 15)
    })
    it('should differ for 4 classes too, and its entries no longer sum to 0 as Σ (x − t) does', () => {
      const d = Tensor.toArray(_.lectureSoftmaxCrossEntropyGradient(f64([[0.1, 0.2, 0.3, 0.4]]), f64([[0, 0, 1, 0]])))
      expect(d.reduce((s, v) => s + v, 0)).toBeCloseTo((0.1 * 0.9 + 0.2 * 0.8 + 0.4 * 0.6) / 0.3 - 0.7, 14)
      expect(d.reduce((s, v) => s + v, 0)).toBeCloseTo(0.9333333333333333, 14) // where Σ (x − t) = 0
    })
  })
})
