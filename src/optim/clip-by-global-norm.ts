/**
 * Gradient clipping by the global norm (Pascanu, Mikolov & Bengio, "On the difficulty of
 * training recurrent neural networks", ICML 2013):
 *
 *   ‖g‖ = √(Σ over every tensor and element of g²)
 *   u   = g                       if ‖g‖ ≤ c
 *   u   = g · c / ‖g‖             otherwise
 *
 * The whole tree is scaled by one factor, so the direction of the step is kept and only its
 * length is capped. A non-finite norm leaves the gradients as they are, so that a NaN is seen
 * downstream rather than hidden. Reference: optax `clip_by_global_norm`.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requirePositive } from './require-option.js'
import type { EmptyState, GradientTransformation } from './transform.js'
import { leaves, zipParams } from './tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** `clipByGlobalNorm` keeps no state. @category model @since 0.1.0 */
export type ClipByGlobalNormState = EmptyState

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * Scale the gradients down to global norm `maxNorm` when they are longer (c > 0).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.clipByGlobalNorm(1)
 * const p = { a: Tensor.zeros([1]), b: Tensor.zeros([1]) }
 * const [u] = tx.update({ a: Tensor.tensor([3]), b: Tensor.tensor([4]) }, tx.init(p), p)
 * assert.ok(Math.abs(u.a.data[0]! - 0.6) < 1e-7 && Math.abs(u.b.data[0]! - 0.8) < 1e-7)
 *
 * @category transforms
 * @since 0.1.0
 */
export const clipByGlobalNorm = <P>(maxNorm: number): GradientTransformation<P, ClipByGlobalNormState> => {
  const c = requirePositive('clipByGlobalNorm', 'maxNorm', maxNorm)
  return {
    init: () => ({}),
    update: (grads, state, params) => {
      const norm = globalNorm(grads)
      const k = norm > c && Number.isFinite(norm) ? c / norm : 1
      return [zipParams((_, g) => (k === 1 ? g : T.scale(g, k)))(params, grads), state]
    }
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The global norm √(Σ g²) over every element of every tensor of a tree, summed in double
 * precision.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * assert.strictEqual(Optim.globalNorm([Tensor.tensor([3]), { b: Tensor.tensor([4]) }]), 5)
 *
 * @category utils
 * @since 0.1.0
 */
export const globalNorm = <P>(tree: P): number => {
  let sumOfSquares = 0
  for (const [, t] of leaves(tree)) sumOfSquares = T.sumOfSquares(t, sumOfSquares)
  return Math.sqrt(sumOfSquares)
}
