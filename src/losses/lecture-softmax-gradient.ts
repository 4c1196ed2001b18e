/**
 * The lecture's output error for softmax with cross-entropy, kept as a named formula so that a
 * spec can show where it is right and where it is not. The lecture computes
 *
 *   ∂L/∂x_j = −t_j/x_j + Σ_{i≠j} t_i/x_i        (using ∂x_i/∂x_j = −1 for i ≠ j, from Σ x = 1)
 *   ∂x_j/∂a_j = x_j(1 − x_j)                     (the diagonal of the softmax Jacobian only)
 *   δ_j = ∂L/∂x_j · ∂x_j/∂a_j
 *
 * The true error is δ_j = Σ_i ∂L/∂x_i · ∂x_i/∂a_j = x_j − t_j, because ∂x_i/∂a_j = x_i(δ_ij − x_j)
 * is not zero off the diagonal. For two classes the two errors coincide (then 1 − x_j is exactly
 * the other class's probability); for three or more they differ. docs/backprop.md works the
 * numbers. Use `softmaxCrossEntropy` for training; this function exists to be compared with it.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requireMatrix, requireSameShape } from './targets.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The lecture's δ for each row: (−t_j/x_j + Σ_{i≠j} t_i/x_i) · x_j(1 − x_j), from softmax
 * probabilities x and targets t (per example: not divided by the batch size).
 *
 * @example
 * import { Loss, Tensor } from 'kanzen'
 * const x = Tensor.tensor([[0.5, 0.3, 0.2]], 'float64')
 * const t = Tensor.tensor([[1, 0, 0]], 'float64')
 * const d = Tensor.toNested(Loss.lectureSoftmaxCrossEntropyGradient(x, t))
 * assert.deepStrictEqual(d, [[-0.5, 0.42, 0.32000000000000006]])   // the truth is x − t = [−0.5, 0.3, 0.2]
 *
 * @category operations
 * @since 0.1.0
 */
export const lectureSoftmaxCrossEntropyGradient = <N extends number, K extends number, D extends T.DType>(
  probs: T.Tensor<readonly [N, K], D>,
  target: T.Tensor<readonly [NoInfer<N>, NoInfer<K>], NoInfer<D>>
): T.Tensor<[N, K], D> => {
  const [, k] = requireMatrix('lectureSoftmaxCrossEntropyGradient', probs)
  requireSameShape('lectureSoftmaxCrossEntropyGradient', probs, target)
  // The lecture's loops, element by element (teaching code, not a kernel: read through Tensor.at).
  const x = (i: number): number => T.at(probs.data, i)
  const t = (i: number): number => T.at(target.data, i)
  return T.generate(
    probs.shape,
    (i) => {
      const row = i - (i % k)
      // ∂L/∂x_j = −t_j/x_j + Σ_{i≠j} t_i/x_i
      let dLdx = -t(i) / x(i)
      for (let m = row; m < row + k; m++) if (m !== i) dLdx += t(m) / x(m)
      // δ_j = ∂L/∂x_j · x_j(1 − x_j)   (the lecture's diagonal-only softmax derivative)
      return dLdx * x(i) * (1 - x(i))
    },
    probs.dtype
  )
}
