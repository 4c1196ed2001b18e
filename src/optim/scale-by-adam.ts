/**
 * Adam: momentum on the gradient divided by the root of a moving average of its square, both
 * averages corrected for starting at zero (Kingma & Ba, ICLR 2015, Algorithm 1):
 *
 *   t′ = t + 1
 *   μ′ = β₁ · μ + (1 − β₁) · g
 *   ν′ = β₂ · ν + (1 − β₂) · g ⊙ g
 *   μ̂ = μ′ / (1 − β₁^t′),   ν̂ = ν′ / (1 − β₂^t′)
 *   u  = μ̂ / (√ν̂ + ε)
 *
 * On the first step μ̂ = g and ν̂ = g², so u = g / (|g| + ε) ≈ sign(g): with
 * `scaleByLearningRate(η)` the first step moves every parameter by about η. ε sits outside the
 * root, as in the paper and optax. Reference: optax `scale_by_adam` (`optax/_src/transform.py`).
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

/** The step count t and the two moment estimates μ, ν. @category model @since 0.1.0 */
export interface ScaleByAdamState<P> {
  readonly count: number
  readonly mu: P
  readonly nu: P
}

/** Options of `scaleByAdam`. @category model @since 0.1.0 */
export interface ScaleByAdamOptions {
  /** β₁ ∈ [0, 1), default 0.9. */
  readonly b1?: number
  /** β₂ ∈ [0, 1), default 0.999. */
  readonly b2?: number
  /** ε ≥ 0, default 1e-8. */
  readonly eps?: number
}

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * u = μ̂ / (√ν̂ + ε) with bias-corrected moments. Defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.scaleByAdam({ eps: 0 })
 * const p = { w: Tensor.zeros([2]) }
 * const [u, s] = tx.update({ w: Tensor.tensor([0.5, -2]) }, tx.init(p), p)
 * assert.deepStrictEqual([...Tensor.toArray(u.w), s.count], [1, -1, 1])
 *
 * @category transforms
 * @since 0.1.0
 */
export const scaleByAdam = <P>(options: ScaleByAdamOptions = {}): GradientTransformation<P, ScaleByAdamState<P>> => {
  const b1 = requireDecay('scaleByAdam', 'b1', options.b1 ?? 0.9)
  const b2 = requireDecay('scaleByAdam', 'b2', options.b2 ?? 0.999)
  const eps = requireNonNegative('scaleByAdam', 'eps', options.eps ?? 1e-8)
  return {
    init: (params) => {
      const zeros = mapParams((t) => T.map(t, () => 0))(params)
      return { count: 0, mu: zeros, nu: zeros }
    },
    update: (grads, state) => {
      const count = state.count + 1
      const c1 = 1 - b1 ** count
      const c2 = 1 - b2 ** count
      // One fused kernel per formula and leaf (Tensor.axpby and friends) rather than T.zipWith with a
      // closure: Adam runs over every parameter at every step.
      const mu = zipParams((m, g) => T.axpby(b1, m, 1 - b1, g))(state.mu, grads) // μ′ = β₁μ + (1 − β₁)g
      const nu = zipParams((v, g) => T.axpbySquare(b2, v, 1 - b2, g))(state.nu, grads) // ν′ = β₂ν + (1 − β₂)g²
      const updates = zipParams((m, v) => T.biasCorrectedRatio(m, v, c1, c2, eps))(mu, nu) // μ̂ / (√ν̂ + ε), 0 where 0/0
      return [updates, { count, mu, nu }]
    }
  }
}
