/**
 * Heavy-ball momentum (Polyak 1964), and Nesterov's variant (Sutskever et al. 2013, in the
 * form optax and PyTorch use), keeping a trace of past gradients:
 *
 *   v′ = g + β · v                      (v₀ = 0)
 *   u  = v′                             (heavy ball)
 *   u  = g + β · v′                     (nesterov: look one step further along the trace)
 *
 * Combined with `scaleByLearningRate(η)` this is θ′ = θ − η · u. The trace is the undamped sum,
 * not an average, so the effective step on a constant gradient is η / (1 − β).
 * Reference: optax `trace` (`optax/_src/transform.py`).
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requireDecay } from './require-option.js'
import type { GradientTransformation } from './transform.js'
import { mapParams, zipParams } from './tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The trace v: one tensor per parameter. @category model @since 0.1.0 */
export interface ScaleByMomentumState<P> {
  readonly trace: P
}

/** Options of `scaleByMomentum`. @category model @since 0.1.0 */
export interface ScaleByMomentumOptions {
  /** β ∈ [0, 1), default 0.9. */
  readonly decay?: number
  /** Use Nesterov's look-ahead, default false. */
  readonly nesterov?: boolean
}

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * v′ = g + β · v; u = v′ (or g + β · v′ with `nesterov`). Defaults: β = 0.9, nesterov false.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.scaleByMomentum({ decay: 0.5 })
 * const p = { w: Tensor.zeros([1]) }
 * const g = { w: Tensor.tensor([2]) }
 * const [u1, s1] = tx.update(g, tx.init(p), p)
 * const [u2] = tx.update(g, s1, p)
 * assert.deepStrictEqual([u1.w.data[0], u2.w.data[0]], [2, 3])
 *
 * @category transforms
 * @since 0.1.0
 */
export const scaleByMomentum = <P>(
  options: ScaleByMomentumOptions = {}
): GradientTransformation<P, ScaleByMomentumState<P>> => {
  const beta = requireDecay('scaleByMomentum', 'decay', options.decay ?? 0.9)
  const nesterov = options.nesterov ?? false
  // v′ = g + β·v, in one fused pass (a closure per element through T.zipWith would not be inlined).
  const accumulate = zipParams((v, g) => T.axpby(1, g, beta, v))
  return {
    init: (params) => ({ trace: mapParams((t) => T.map(t, () => 0))(params) }),
    update: (grads, state) => {
      const trace = accumulate(state.trace, grads)
      return [nesterov ? accumulate(trace, grads) : trace, { trace }]
    }
  }
}
