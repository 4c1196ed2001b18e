/**
 * Softmax cross-entropy, fused: the loss of a classifier computed from its logits A: [B, K]
 * (no softmax layer before it), averaged over the batch:
 *
 *   L = −(1/B) Σ_b Σ_k t_bk ln y_bk,   y_b = softmax(a_b)
 *     =  (1/B) Σ_b Σ_k t_bk (lse(a_b) − a_bk),   lse(a) = m + ln Σ_k e^(a_k − m), m = max_k a_k
 *
 * The log-sum-exp form never takes the log of an underflowed probability, so a logit of 1000 is
 * as safe as a logit of 1. The gradient is the lecture's output error, divided by B:
 *
 *   ∂L/∂A = (Y − T) / B        (for each row of T summing to 1: one-hot or probabilities)
 *
 * In general ∂L/∂a_bk = (y_bk Σ_j t_bj − t_bk)/B, which is what is computed, so the value and
 * gradient agree for any targets. The lecture derives the same error by multiplying
 * ∂L/∂x by a diagonal-only softmax derivative — right for 2 classes only
 * (`lectureSoftmaxCrossEntropyGradient`, docs/backprop.md).
 *
 * Targets are class indices (`ArrayLike<number>`, one per row) or a tensor of the logits' shape.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import type { LossResult } from './loss.js'
import { isTensor, requireClasses, requireMatrix, requireSameShape } from './targets.js'

// -------------------------------------------------------------------------------------
// losses
// -------------------------------------------------------------------------------------

/**
 * Mean softmax cross-entropy of logits against class indices or one-hot (probability) rows,
 * with ∂L/∂logits = (softmax(logits) − t)/B.
 *
 * @example
 * import { Loss, Tensor } from 'kanzen'
 * const r = Loss.softmaxCrossEntropy(Tensor.tensor([[0, 0]], 'float64'), [1])
 * assert.ok(Math.abs(r.value - Math.LN2) < 1e-12)
 * assert.deepStrictEqual(Tensor.toNested(r.grad), [[0.5, -0.5]])
 *
 * @category losses
 * @since 0.1.0
 */
export const softmaxCrossEntropy = <N extends number, K extends number, D extends T.DType>(
  logits: T.Tensor<readonly [N, K], D>,
  target: ArrayLike<number> | T.Tensor<readonly [NoInfer<N>, NoInfer<K>], NoInfer<D>>
): LossResult<[N, K], D> => {
  const [n, k] = requireMatrix('softmaxCrossEntropy', logits)
  // Class indices and one-hot rows run through one formula (t_bk read from either), in the tensor core.
  if (isTensor(target)) requireSameShape('softmaxCrossEntropy', logits, target)
  else requireClasses('softmaxCrossEntropy', target, n, k)
  // L = −(1/B) Σ_bj t_bj ln y_bj, skipping t = 0 so that an underflowed ln y (−∞) times 0 never gives NaN;
  // ∂L/∂A = (Y ⊙ Σ_j t_bj − T) / B; for one-hot or probability rows Σ_j t_bj = 1: (Y − T) / B
  return T.crossEntropyOfLogProbs(T.logSoftmax(logits), target)
}
