/**
 * Sigmoid binary cross-entropy, fused: the loss of a binary classifier computed from its logits
 * z (no sigmoid layer before it), averaged over all n elements:
 *
 *   L = −(1/n) Σ [t ln σ(z) + (1 − t) ln(1 − σ(z))]
 *     =  (1/n) Σ [max(z, 0) − z·t + ln(1 + e^(−|z|))]      (the stable form used here)
 *   ∂L/∂z = (σ(z) − t) / n
 *
 * The stable form never computes e^z for a large z nor ln 0: at z = ±1000 it is exact, where
 * the textbook form gives ln 0 = −∞ and NaN.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import type { LossResult } from './loss.js'
import { requireSameShape } from './targets.js'

// -------------------------------------------------------------------------------------
// losses
// -------------------------------------------------------------------------------------

/**
 * Mean sigmoid binary cross-entropy of logits against targets in [0, 1] of the same shape.
 *
 * @example
 * import { Loss, Tensor } from 'kanzen'
 * const r = Loss.sigmoidBinaryCrossEntropy(Tensor.tensor([[1000], [-1000]], 'float64'), Tensor.tensor([[1], [0]], 'float64'))
 * assert.strictEqual(r.value, 0)
 *
 * @category losses
 * @since 0.1.0
 */
export const sigmoidBinaryCrossEntropy = <S extends T.Shape, D extends T.DType>(
  logits: T.Tensor<S, D>,
  target: T.Tensor<Readonly<NoInfer<S>>, NoInfer<D>>
): LossResult<S, D> => {
  requireSameShape('sigmoidBinaryCrossEntropy', logits, target)
  const n = logits.size
  // L = (1/n) Σ max(z, 0) − z·t + ln(1 + e^(−|z|))
  const total = T.sumLogisticLoss(logits, target)
  // ∂L/∂z = (σ(z) − t) / n
  const grad = T.zipWith(logits, target, (zi, ti) => (logistic(zi) - ti) / n)
  return { value: total / n, grad }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// σ(z) without overflow: e^(−z) is only computed for z ≥ 0 and e^z only for z < 0.
const logistic = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}
