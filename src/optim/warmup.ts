/**
 * Warm-up: start with a small learning rate and raise it linearly, then hand over to another
 * schedule. Adaptive optimizers take large, badly estimated steps in the first updates (their
 * second-moment estimate rests on a handful of gradients); a linear ramp keeps those steps small.
 *
 *   warmup             η(t) = η₀ + (η_peak − η₀) · min(t, W) / W
 *   joinSchedules      η(t) = sᵢ(t − bᵢ₋₁) for bᵢ₋₁ ≤ t < bᵢ   (b₋₁ = 0)
 *   warmupCosineDecay  warmup to the peak over W steps, then cosine from the peak to `endValue`
 *                      at step N (N counts the warm-up steps too)
 *
 * Reference: Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour" (2017),
 * §2.2 (gradual warm-up); optax `join_schedules`, `warmup_cosine_decay_schedule`.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import type { Schedule } from './schedule.js'
import { cosineFromTo } from './schedule.js'
import { requireFinite, requireSteps } from './require-option.js'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Linear warm-up from `initValue` to `peakValue` over `warmupSteps` steps, then constant at the
 * peak. Defaults: `initValue` 0.
 *
 * @example
 * import { Optim } from 'kanzen'
 * const s = Optim.warmup({ peakValue: 1, warmupSteps: 4 })
 * assert.deepStrictEqual([s(0), s(1), s(4), s(10)], [0, 0.25, 1, 1])
 *
 * @category constructors
 * @since 0.1.0
 */
export const warmup = (options: WarmupOptions): Schedule => {
  const { initValue = 0, peakValue, warmupSteps } = options
  requireFinite('warmup', 'initValue', initValue)
  requireFinite('warmup', 'peakValue', peakValue)
  requireSteps('warmup', 'warmupSteps', warmupSteps)
  return (count) => initValue + ((peakValue - initValue) * Math.min(Math.max(count, 0), warmupSteps)) / warmupSteps
}

/** Options of `warmup`. @category model @since 0.1.0 */
export interface WarmupOptions {
  /** η₀, default 0. */
  readonly initValue?: number
  readonly peakValue: number
  /** W ≥ 1. */
  readonly warmupSteps: number
}

/**
 * Warm up linearly to `peakValue` over `warmupSteps`, then cosine-decay to `endValue` at step
 * `decaySteps` (counted from 0, warm-up included), constant after. Defaults: `initValue` 0,
 * `endValue` 0.
 *
 * @example
 * import { Optim } from 'kanzen'
 * const s = Optim.warmupCosineDecay({ peakValue: 1, warmupSteps: 10, decaySteps: 110 })
 * assert.deepStrictEqual([s(0), s(5), s(10), s(110)], [0, 0.5, 1, 0])
 *
 * @category constructors
 * @since 0.1.0
 */
export const warmupCosineDecay = (options: WarmupCosineDecayOptions): Schedule => {
  const { initValue = 0, peakValue, warmupSteps, decaySteps, endValue = 0 } = options
  requireFinite('warmupCosineDecay', 'endValue', endValue)
  requireSteps('warmupCosineDecay', 'decaySteps - warmupSteps', decaySteps - warmupSteps)
  const ramp = warmup({ initValue, peakValue, warmupSteps })
  return joinSchedules([ramp, cosineFromTo(peakValue, endValue, decaySteps - warmupSteps)], [warmupSteps])
}

/** Options of `warmupCosineDecay`. @category model @since 0.1.0 */
export interface WarmupCosineDecayOptions {
  /** Default 0. */
  readonly initValue?: number
  readonly peakValue: number
  readonly warmupSteps: number
  /** The step at which `endValue` is reached, warm-up included (> warmupSteps). */
  readonly decaySteps: number
  /** Default 0. */
  readonly endValue?: number
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * One schedule after another: before `boundaries[0]` the first schedule runs on t; from
 * `boundaries[i]` on, schedule i + 1 runs on t − boundaries[i] (each starts again from 0).
 * There must be one boundary fewer than schedules, in increasing order.
 *
 * @example
 * import { Optim } from 'kanzen'
 * const ramp = Optim.warmup({ peakValue: 1, warmupSteps: 2 })
 * const s = Optim.joinSchedules([ramp, Optim.stepDecay({ initValue: 1, stepSize: 3, decayRate: 0.5 })], [2])
 * assert.deepStrictEqual([s(0), s(1), s(2), s(4), s(5)], [0, 0.5, 1, 1, 0.5])
 *
 * @category combinators
 * @since 0.1.0
 */
export const joinSchedules = (schedules: ReadonlyArray<Schedule>, boundaries: ReadonlyArray<number>): Schedule => {
  const n = schedules.length
  if (n !== boundaries.length + 1) {
    throw new RangeError(`joinSchedules: expected ${n - 1} boundaries for ${n} schedules, found ${boundaries.length}`)
  }
  boundaries.forEach((b, i) => {
    const low = i === 0 ? 0 : T.at(boundaries, i - 1)
    if (!Number.isInteger(b) || b < low) {
      throw new RangeError(`joinSchedules: expected boundaries[${i}] an integer ≥ ${low}, found ${b}`)
    }
  })
  return (count) => {
    let i = 0
    while (i < boundaries.length && count >= T.at(boundaries, i)) i++
    return T.at(schedules, i)(i === 0 ? count : count - T.at(boundaries, i - 1))
  }
}
