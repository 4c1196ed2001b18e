/**
 * The usual optimizers, each literally a `chain` of the transforms, so that each can be read
 * off as its update equations (η the learning rate, a number or a schedule; every alias ends in
 * `scaleByLearningRate(η)`, which makes the minus sign: θ′ = θ + u):
 *
 *   sgd       u = −η · g
 *   momentum  v′ = g + β·v;  u = −η · v′
 *   nesterov  v′ = g + β·v;  u = −η · (g + β·v′)
 *   adagrad   G′ = G + g²;   u = −η · g / √(G′ + ε)
 *   rmsprop   ν′ = ρ·ν + (1 − ρ)·g²;  u = −η · g / (√ν′ + ε)
 *   adam      u = −η · μ̂ / (√ν̂ + ε)              (scaleByAdam)
 *   adamw     u = −η · (μ̂ / (√ν̂ + ε) + λ·θ)      (decoupled weight decay)
 *
 * Reference: optax `optax/_src/alias.py`.
 *
 * @since 0.1.0
 */
import { addDecayedWeights } from './add-decayed-weights.js'
import type { AddDecayedWeightsState } from './add-decayed-weights.js'
import { chain } from './chain.js'
import type { ScaleByAdagradOptions, ScaleByAdagradState } from './scale-by-adagrad.js'
import { scaleByAdagrad } from './scale-by-adagrad.js'
import type { ScaleByAdamOptions, ScaleByAdamState } from './scale-by-adam.js'
import { scaleByAdam } from './scale-by-adam.js'
import type { ScaleByLearningRateState } from './scale-by-learning-rate.js'
import { scaleByLearningRate } from './scale-by-learning-rate.js'
import type { ScaleByMomentumState } from './scale-by-momentum.js'
import { scaleByMomentum } from './scale-by-momentum.js'
import type { ScaleByRmsOptions, ScaleByRmsState } from './scale-by-rms.js'
import { scaleByRms } from './scale-by-rms.js'
import type { ScalarOrSchedule } from './schedule.js'
import type { GradientTransformation } from './transform.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @category model @since 0.1.0 */
export type SgdState = readonly [ScaleByLearningRateState]
/** Also the state of `nesterov`. @category model @since 0.1.0 */
export type MomentumState<P> = readonly [ScaleByMomentumState<P>, ScaleByLearningRateState]
/** @category model @since 0.1.0 */
export type AdagradState<P> = readonly [ScaleByAdagradState<P>, ScaleByLearningRateState]
/** @category model @since 0.1.0 */
export type RmspropState<P> = readonly [ScaleByRmsState<P>, ScaleByLearningRateState]
/** @category model @since 0.1.0 */
export type AdamState<P> = readonly [ScaleByAdamState<P>, ScaleByLearningRateState]
/** @category model @since 0.1.0 */
export type AdamwState<P> = readonly [ScaleByAdamState<P>, AddDecayedWeightsState, ScaleByLearningRateState]

/** Options of `adamw`: Adam's and the weight decay λ (default 1e-4, as optax). @category model @since 0.1.0 */
export interface AdamwOptions extends ScaleByAdamOptions {
  readonly weightDecay?: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Stochastic gradient descent: `chain(scaleByLearningRate(η))`, u = −η · g.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.sgd(0.5)
 * const p = { w: Tensor.tensor([1]) }
 * const [u] = tx.update({ w: Tensor.tensor([2]) }, tx.init(p), p)
 * assert.deepStrictEqual(Tensor.toArray(Optim.applyUpdates(p, u).w), [0])
 *
 * @category constructors
 * @since 0.1.0
 */
export const sgd = <P>(learningRate: ScalarOrSchedule): GradientTransformation<P, SgdState> =>
  chain(scaleByLearningRate<P>(learningRate))

/**
 * Heavy-ball momentum: `chain(scaleByMomentum({ decay: β }), scaleByLearningRate(η))`. Default β = 0.9.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.momentum(1, 0.5)
 * const p = { w: Tensor.tensor([0]) }
 * const g = { w: Tensor.tensor([2]) }
 * const [u1, s1] = tx.update(g, tx.init(p), p)
 * const [u2] = tx.update(g, s1, p)
 * assert.deepStrictEqual([u1.w.data[0], u2.w.data[0]], [-2, -3])
 *
 * @category constructors
 * @since 0.1.0
 */
export const momentum = <P>(learningRate: ScalarOrSchedule, beta = 0.9): GradientTransformation<P, MomentumState<P>> =>
  chain(scaleByMomentum<P>({ decay: beta }), scaleByLearningRate(learningRate))

/**
 * Nesterov momentum: `chain(scaleByMomentum({ decay: β, nesterov: true }), scaleByLearningRate(η))`.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.nesterov(1, 0.5)
 * const p = { w: Tensor.tensor([0]) }
 * const [u] = tx.update({ w: Tensor.tensor([2]) }, tx.init(p), p)
 * assert.deepStrictEqual(u.w.data[0], -3)
 *
 * @category constructors
 * @since 0.1.0
 */
export const nesterov = <P>(learningRate: ScalarOrSchedule, beta = 0.9): GradientTransformation<P, MomentumState<P>> =>
  chain(scaleByMomentum<P>({ decay: beta, nesterov: true }), scaleByLearningRate(learningRate))

/**
 * Adagrad: `chain(scaleByAdagrad(options), scaleByLearningRate(η))`.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.adagrad(1, { initialAccumulatorValue: 0, eps: 0 })
 * const p = { w: Tensor.tensor([0]) }
 * const [u] = tx.update({ w: Tensor.tensor([-5]) }, tx.init(p), p)
 * assert.deepStrictEqual(u.w.data[0], 1)
 *
 * @category constructors
 * @since 0.1.0
 */
export const adagrad = <P>(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdagradOptions = {}
): GradientTransformation<P, AdagradState<P>> => chain(scaleByAdagrad<P>(options), scaleByLearningRate(learningRate))

/**
 * RMSprop: `chain(scaleByRms(options), scaleByLearningRate(η))`.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.rmsprop(1, { decay: 0.75, eps: 0 })
 * const p = { w: Tensor.tensor([0]) }
 * const [u] = tx.update({ w: Tensor.tensor([3]) }, tx.init(p), p)
 * assert.deepStrictEqual(u.w.data[0], -2)
 *
 * @category constructors
 * @since 0.1.0
 */
export const rmsprop = <P>(
  learningRate: ScalarOrSchedule,
  options: ScaleByRmsOptions = {}
): GradientTransformation<P, RmspropState<P>> => chain(scaleByRms<P>(options), scaleByLearningRate(learningRate))

/**
 * Adam: `chain(scaleByAdam(options), scaleByLearningRate(η))`. The first step is ≈ −η · sign(g).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.adam(0.125, { eps: 0 })
 * const p = { w: Tensor.zeros([2]) }
 * const [u] = tx.update({ w: Tensor.tensor([10, -0.01]) }, tx.init(p), p)
 * assert.ok(Tensor.allClose(u.w, Tensor.tensor([-0.125, 0.125])))
 *
 * @category constructors
 * @since 0.1.0
 */
export const adam = <P>(
  learningRate: ScalarOrSchedule,
  options: ScaleByAdamOptions = {}
): GradientTransformation<P, AdamState<P>> => chain(scaleByAdam<P>(options), scaleByLearningRate(learningRate))

/**
 * AdamW: `chain(scaleByAdam(options), addDecayedWeights(λ), scaleByLearningRate(η))`.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.adamw(0.125, { eps: 0, weightDecay: 1 })
 * const p = { w: Tensor.tensor([2]) }
 * const [u] = tx.update({ w: Tensor.tensor([3]) }, tx.init(p), p)
 * assert.deepStrictEqual(u.w.data[0], -0.375)
 *
 * @category constructors
 * @since 0.1.0
 */
export const adamw = <P>(
  learningRate: ScalarOrSchedule,
  options: AdamwOptions = {}
): GradientTransformation<P, AdamwState<P>> =>
  chain(scaleByAdam<P>(options), addDecayedWeights(options.weightDecay ?? 1e-4), scaleByLearningRate(learningRate))
