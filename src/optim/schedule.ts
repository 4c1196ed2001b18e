/**
 * Learning-rate schedules: pure functions from the optimizer's step count (0 for the first
 * update) to a value. A transform that takes a `ScalarOrSchedule` keeps the count in its state
 * and evaluates the schedule there, so a schedule never needs a clock or a mutable counter.
 *
 *   constant          η(t) = η₀
 *   stepDecay         η(t) = η₀ · γ^⌊t / k⌋
 *   exponentialDecay  η(t) = η₀ · γ^(t / k)        (γ^⌊t / k⌋ with staircase)
 *   cosineDecay       η(t) = η₀ · ((1 − α) · ½(1 + cos(π · min(t, N) / N)) + α)
 *
 * Reference: Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts" (2017)
 * for the cosine; optax `optax/schedules/_schedule.py` for the names.
 *
 * @since 0.1.0
 */
import { requireFinite, requireFraction, requireNonNegative, requireSteps } from './require-option.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A value as a function of the step count (0, 1, 2, …). @category model @since 0.1.0 */
export type Schedule = (count: number) => number

/** A fixed number or a schedule (jax's `make_schedule`, optax's `ScalarOrSchedule`). @category model @since 0.1.0 */
export type ScalarOrSchedule = number | Schedule

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The same value at every step.
 *
 * @example
 * import { Optim } from 'kanzen'
 * assert.strictEqual(Optim.constant(0.1)(1000), 0.1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const constant = (value: number): Schedule => {
  requireFinite('constant', 'value', value)
  return () => value
}

/**
 * Multiply by `decayRate` every `stepSize` steps: η(t) = η₀ · γ^⌊t / k⌋ (PyTorch's StepLR).
 * Defaults: `decayRate` 0.1.
 *
 * @example
 * import { Optim } from 'kanzen'
 * const s = Optim.stepDecay({ initValue: 1, stepSize: 10, decayRate: 0.5 })
 * assert.deepStrictEqual([s(0), s(9), s(10), s(25)], [1, 1, 0.5, 0.25])
 *
 * @category constructors
 * @since 0.1.0
 */
export const stepDecay = (options: StepDecayOptions): Schedule => {
  const { initValue, stepSize, decayRate = 0.1 } = options
  requireFinite('stepDecay', 'initValue', initValue)
  requireSteps('stepDecay', 'stepSize', stepSize)
  requireNonNegative('stepDecay', 'decayRate', decayRate)
  return (count) => initValue * decayRate ** Math.floor(count / stepSize)
}

/** Options of `stepDecay`. @category model @since 0.1.0 */
export interface StepDecayOptions {
  readonly initValue: number
  readonly stepSize: number
  /** γ, default 0.1. */
  readonly decayRate?: number
}

/**
 * Smooth exponential decay: η(t) = η₀ · γ^(t / k), so the value is multiplied by γ every k
 * steps; with `staircase` the exponent is rounded down (then it equals `stepDecay`).
 * Defaults: `transitionSteps` 1, `staircase` false.
 *
 * @example
 * import { Optim } from 'kanzen'
 * const s = Optim.exponentialDecay({ initValue: 1, decayRate: 0.25, transitionSteps: 2 })
 * assert.deepStrictEqual([s(0), s(1), s(2), s(4)], [1, 0.5, 0.25, 0.0625])
 *
 * @category constructors
 * @since 0.1.0
 */
export const exponentialDecay = (options: ExponentialDecayOptions): Schedule => {
  const { initValue, decayRate, transitionSteps = 1, staircase = false } = options
  requireFinite('exponentialDecay', 'initValue', initValue)
  requireNonNegative('exponentialDecay', 'decayRate', decayRate)
  requireSteps('exponentialDecay', 'transitionSteps', transitionSteps)
  return (count) => initValue * decayRate ** (staircase ? Math.floor(count / transitionSteps) : count / transitionSteps)
}

/** Options of `exponentialDecay`. @category model @since 0.1.0 */
export interface ExponentialDecayOptions {
  readonly initValue: number
  readonly decayRate: number
  /** k, default 1. */
  readonly transitionSteps?: number
  /** Round t / k down, default false. */
  readonly staircase?: boolean
}

/**
 * Cosine decay from `initValue` to `alpha · initValue` over `decaySteps` steps, constant after:
 * η(t) = η₀ · ((1 − α) · ½(1 + cos(π · min(t, N) / N)) + α). Defaults: `alpha` 0.
 *
 * @example
 * import { Optim } from 'kanzen'
 * const s = Optim.cosineDecay({ initValue: 1, decaySteps: 100 })
 * assert.deepStrictEqual([s(0), s(100), s(200)], [1, 0, 0])
 * assert.ok(Math.abs(s(50) - 0.5) < 1e-12)
 *
 * @category constructors
 * @since 0.1.0
 */
export const cosineDecay = (options: CosineDecayOptions): Schedule => {
  const { initValue, decaySteps, alpha = 0 } = options
  requireFinite('cosineDecay', 'initValue', initValue)
  requireSteps('cosineDecay', 'decaySteps', decaySteps)
  requireFraction('cosineDecay', 'alpha', alpha)
  return cosineFromTo(initValue, alpha * initValue, decaySteps)
}

/** Options of `cosineDecay`. @category model @since 0.1.0 */
export interface CosineDecayOptions {
  readonly initValue: number
  /** N: the step at which the final value `alpha · initValue` is reached. */
  readonly decaySteps: number
  /** α ∈ [0, 1], the final value as a fraction of the first, default 0. */
  readonly alpha?: number
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The schedule behind a `ScalarOrSchedule`: a number becomes `constant`.
 *
 * @example
 * import { Optim } from 'kanzen'
 * assert.strictEqual(Optim.toSchedule(0.5)(7), 0.5)
 *
 * @category utils
 * @since 0.1.0
 */
export const toSchedule = (value: ScalarOrSchedule): Schedule => (typeof value === 'number' ? constant(value) : value)

/**
 * Half a cosine from `from` (t = 0) to `to` (t ≥ N): to + (from − to) · ½(1 + cos(π · min(t, N) / N)).
 * cos(π) is exactly −1 in floating point, so the end value is reached exactly. @internal
 */
export const cosineFromTo =
  (from: number, to: number, steps: number): Schedule =>
  (count) =>
    to + (from - to) * 0.5 * (1 + Math.cos((Math.PI * Math.min(Math.max(count, 0), steps)) / steps))
