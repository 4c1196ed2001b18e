/**
 * Decoupled weight decay, the "W" of AdamW (Loshchilov & Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019):
 *
 *   u′ = u + λ · θ
 *
 * placed *after* the adaptive scaling and *before* `scaleByLearningRate(η)`, so the step is
 * θ′ = θ − η · (adam(g) + λ · θ): every weight shrinks by the same fraction ηλ, whatever its
 * gradient history. Put first in a chain (before Adam), the same sum is an L2 penalty on the
 * gradient instead, which Adam then rescales: see `l2Regularization`.
 * Reference: optax `add_decayed_weights`.
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

/** `addDecayedWeights` keeps no state. @category model @since 0.1.0 */
export type AddDecayedWeightsState = EmptyState

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * u′ = u + λ · θ (λ ≥ 0).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.addDecayedWeights(0.5)
 * const p = { w: Tensor.tensor([2, -4]) }
 * const [u] = tx.update({ w: Tensor.tensor([1, 1]) }, tx.init(p), p)
 * assert.deepStrictEqual(Tensor.toArray(u.w), [2, -1])
 *
 * @category transforms
 * @since 0.1.0
 */
export const addDecayedWeights = <P>(weightDecay: number): GradientTransformation<P, AddDecayedWeightsState> => {
  const lambda = requireNonNegative('addDecayedWeights', 'weightDecay', weightDecay)
  return stateless((u, theta) => T.zipWith(u, theta, (ui, ti) => ui + lambda * ti))
}
