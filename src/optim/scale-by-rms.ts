/**
 * RMSprop: divide each gradient by the root of a moving average of its squares (Tieleman &
 * Hinton, Coursera lecture 6.5, 2012):
 *
 *   ν′ = ρ · ν + (1 − ρ) · g ⊙ g        (ν₀ = initialScale)
 *   u  = g / (√ν′ + ε)
 *
 * Unlike Adagrad the average forgets old gradients, so steps do not shrink forever. There is no
 * bias correction: with ν₀ = 0 the first step is g / (√(1 − ρ)·|g| + ε) ≈ 3.16 · sign(g) for
 * ρ = 0.9, as in optax and PyTorch. Reference: optax `scale_by_rms`.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requireDecay, requireNonNegative } from './require-option.js'
import type { GradientTransformation } from './transform.js'
import { mapParams, zipParams } from './tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** ν, the moving average of squared gradients. @category model @since 0.1.0 */
export interface ScaleByRmsState<P> {
  readonly nu: P
}

/** Options of `scaleByRms`. @category model @since 0.1.0 */
export interface ScaleByRmsOptions {
  /** ρ ∈ [0, 1), default 0.9. */
  readonly decay?: number
  /** ε ≥ 0 outside the root, default 1e-8. */
  readonly eps?: number
  /** ν₀ ≥ 0, default 0. */
  readonly initialScale?: number
}

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * ν′ = ρ·ν + (1 − ρ)·g²; u = g / (√ν′ + ε). Defaults: ρ = 0.9, ε = 1e-8, ν₀ = 0.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.scaleByRms({ decay: 0.75, eps: 0 })
 * const p = { w: Tensor.zeros([1]) }
 * const [u] = tx.update({ w: Tensor.tensor([-3]) }, tx.init(p), p)
 * assert.deepStrictEqual(u.w.data[0], -2)
 *
 * @category transforms
 * @since 0.1.0
 */
export const scaleByRms = <P>(options: ScaleByRmsOptions = {}): GradientTransformation<P, ScaleByRmsState<P>> => {
  const rho = requireDecay('scaleByRms', 'decay', options.decay ?? 0.9)
  const eps = requireNonNegative('scaleByRms', 'eps', options.eps ?? 1e-8)
  const nu0 = requireNonNegative('scaleByRms', 'initialScale', options.initialScale ?? 0)
  return {
    init: (params) => ({ nu: mapParams((t) => T.map(t, () => nu0))(params) }),
    update: (grads, state) => {
      const nu = zipParams((v, g) => T.zipWith(g, v, (gi, vi) => rho * vi + (1 - rho) * gi * gi))(state.nu, grads)
      const updates = zipParams((v, g) => T.zipWith(g, v, (gi, vi) => divide(gi, Math.sqrt(vi) + eps)))(nu, grads)
      return [updates, { nu }]
    }
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// With ε = 0 and a zero gradient the quotient is 0/0; the step there is 0. A NaN still passes
// through, so that a non-finite gradient is seen, not hidden.
const divide = (x: number, y: number): number => (y === 0 ? 0 : x / y)
