/**
 * L2 regularisation as a gradient transform: the gradient of L(θ) + ½λ‖θ‖² is
 *
 *   g′ = g + λ · θ
 *
 * Put it *first* in a chain, so the penalty's gradient goes through whatever follows:
 * `chain(l2Regularization(λ), scaleByLearningRate(η))` is SGD with classic weight decay,
 * θ′ = (1 − ηλ)·θ − η·g. In front of Adam the penalty is rescaled per coordinate, which is
 * why AdamW uses `addDecayedWeights` after Adam instead (Loshchilov & Hutter 2019 explain the
 * difference). The arithmetic is the same as `addDecayedWeights`; the name says where it goes.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requireNonNegative } from './require-option.js'
import type { EmptyState, GradientTransformation } from './transform.js'
import { stateless } from './transform.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** `l2Regularization` keeps no state. @category model @since 0.1.0 */
export type L2RegularizationState = EmptyState

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * g′ = g + λ · θ, the gradient of the penalty ½λ‖θ‖² added to the loss's (λ ≥ 0).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.chain(Optim.l2Regularization<{ w: Tensor.Tensor<[1]> }>(0.1), Optim.scaleByLearningRate(1))
 * const p = { w: Tensor.tensor([10]) }
 * const [u] = tx.update({ w: Tensor.tensor([0]) }, tx.init(p), p)
 * assert.deepStrictEqual(Tensor.toArray(u.w), [-1])
 *
 * @category transforms
 * @since 0.1.0
 */
export const l2Regularization = <P>(weightDecay: number): GradientTransformation<P, L2RegularizationState> => {
  const lambda = requireNonNegative('l2Regularization', 'weightDecay', weightDecay)
  return stateless((g, theta) => T.zipWith(g, theta, (gi, ti) => gi + lambda * ti))
}
