/**
 * Multiply every gradient by a fixed number: u = k · g. The stateless template for the other
 * transforms. Reference: optax `scale` (`optax/_src/transform.py`).
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requireFinite } from './require-option.js'
import type { EmptyState, GradientTransformation } from './transform.js'
import { stateless } from './transform.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** `scale` keeps no state. @category model @since 0.1.0 */
export type ScaleState = EmptyState

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * u = k · g at every leaf. No sign change: to descend, use `scaleByLearningRate` (or `scale(−η)`).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.scale(3)
 * const p = { w: Tensor.zeros([2]) }
 * const [u] = tx.update({ w: Tensor.tensor([1, -2]) }, tx.init(p), p)
 * assert.deepStrictEqual(Tensor.toArray(u.w), [3, -6])
 *
 * @category transforms
 * @since 0.1.0
 */
export const scale = <P>(k: number): GradientTransformation<P, ScaleState> => {
  requireFinite('scale', 'k', k)
  return stateless((g) => T.scale(g, k))
}
