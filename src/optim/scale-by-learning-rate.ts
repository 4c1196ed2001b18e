/**
 * The learning-rate step, where the sign convention is made: updates are *added* to the
 * parameters (`applyUpdates`: θ′ = θ + u), so descent needs
 *
 *   u = −η(t) · g,      t′ = t + 1
 *
 * with η a number or a schedule evaluated at the count t of updates made so far (t = 0 for the
 * first update). The count lives in this transform's state. Reference: optax
 * `scale_by_learning_rate` and `scale_by_schedule`.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { requireNonNegative } from './require-option.js'
import type { ScalarOrSchedule } from './schedule.js'
import { toSchedule } from './schedule.js'
import type { GradientTransformation } from './transform.js'
import { zipParams } from './tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The number of updates made so far. @category model @since 0.1.0 */
export interface ScaleByLearningRateState {
  readonly count: number
}

// -------------------------------------------------------------------------------------
// transforms
// -------------------------------------------------------------------------------------

/**
 * u = −η(t) · g (note the minus sign: this makes descent), t′ = t + 1.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.scaleByLearningRate(Optim.stepDecay({ initValue: 0.1, stepSize: 1, decayRate: 0.5 }))
 * const p = { w: Tensor.zeros([1]) }
 * const g = { w: Tensor.tensor([2]) }
 * const [u1, s1] = tx.update(g, tx.init(p), p)
 * const [u2] = tx.update(g, s1, p)
 * assert.ok(Math.abs(u1.w.data[0]! + 0.2) < 1e-7 && Math.abs(u2.w.data[0]! + 0.1) < 1e-7)
 *
 * @category transforms
 * @since 0.1.0
 */
export const scaleByLearningRate = <P>(
  learningRate: ScalarOrSchedule
): GradientTransformation<P, ScaleByLearningRateState> => {
  if (typeof learningRate === 'number') requireNonNegative('scaleByLearningRate', 'learningRate', learningRate)
  const eta = toSchedule(learningRate)
  return {
    init: () => ({ count: 0 }),
    update: (grads, state, params) => {
      const k = -eta(state.count)
      return [zipParams((_, g) => T.scale(g, k))(params, grads), { count: state.count + 1 }]
    },
    // θ′ = θ + (−η·g) in one pass per tensor (axpy rounds −η·g first, as scale then add would).
    updateAndApply: (grads, state, params) => {
      const k = -eta(state.count)
      return [zipParams((p, g) => T.axpy(k, g, p))(params, grads), { count: state.count + 1 }]
    }
  }
}
