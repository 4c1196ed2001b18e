/**
 * Adagrad: divide each gradient by the root of the sum of all its past squares, so that
 * often-updated coordinates take smaller steps (Duchi, Hazan & Singer, JMLR 2011):
 *
 *   G′ = G + g ⊙ g                      (G₀ = initialAccumulatorValue)
 *   u  = g / √(G′ + ε)
 *
 * A positive start for G keeps the first step finite when a gradient is 0 (and where G is still
 * 0 the update is 0, as in optax, rather than 0/0). Reference: optax
 * `scale_by_rss` (`optax/_src/transform.py`), whose defaults these are.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requireNonNegative } from './require-option.js'
import type { GradientTransformation } from './transform.js'
import { mapParams, zipParams } from './tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** G, the running sum of squared gradients. @category model @since 0.1.0 */
export interface ScaleByAdagradState<P> {
  readonly sumOfSquares: P
}

/** Options of `scaleByAdagrad`. @category model @since 0.1.0 */
export interface ScaleByAdagradOptions {
  /** G₀ ≥ 0, default 0.1. */
  readonly initialAccumulatorValue?: number
  /** ε ≥ 0 inside the root, default 1e-7. */
  readonly eps?: number
}

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * G′ = G + g²; u = g / √(G′ + ε). Defaults: G₀ = 0.1, ε = 1e-7.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.scaleByAdagrad({ initialAccumulatorValue: 0, eps: 0 })
 * const p = { w: Tensor.zeros([1]) }
 * const [u1, s1] = tx.update({ w: Tensor.tensor([3]) }, tx.init(p), p)
 * const [u2] = tx.update({ w: Tensor.tensor([4]) }, s1, p)
 * assert.deepStrictEqual([u1.w.data[0], u2.w.data[0]], [1, 0.800000011920929])
 *
 * @category transforms
 * @since 0.1.0
 */
export const scaleByAdagrad = <P>(
  options: ScaleByAdagradOptions = {}
): GradientTransformation<P, ScaleByAdagradState<P>> => {
  const g0 = requireNonNegative('scaleByAdagrad', 'initialAccumulatorValue', options.initialAccumulatorValue ?? 0.1)
  const eps = requireNonNegative('scaleByAdagrad', 'eps', options.eps ?? 1e-7)
  return {
    init: (params) => ({ sumOfSquares: mapParams((t) => T.map(t, () => g0))(params) }),
    update: (grads, state) => {
      const sumOfSquares = zipParams((G, g) => T.zipWith(g, G, (gi, Gi) => Gi + gi * gi))(state.sumOfSquares, grads)
      const updates = zipParams((G, g) => T.zipWith(g, G, (gi, Gi) => (Gi + eps === 0 ? 0 : gi / Math.sqrt(Gi + eps))))(
        sumOfSquares,
        grads
      )
      return [updates, { sumOfSquares }]
    }
  }
}
