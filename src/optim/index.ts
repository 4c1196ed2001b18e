/**
 * Optimizers as values: gradient transformations, their composition, schedules, and applying
 * updates.
 *
 * @since 0.1.0
 */
export type { Tree, LeafMap, LeafZip } from './tree.js'
export { mapParams, zipParams, leaves } from './tree.js'
export type { GradientTransformation, EmptyState, IdentityState } from './transform.js'
export { identity, stateless } from './transform.js'
export type { Chain } from './chain.js'
export { chain } from './chain.js'
export { applyUpdates } from './apply.js'
export type {
  Schedule,
  ScalarOrSchedule,
  StepDecayOptions,
  ExponentialDecayOptions,
  CosineDecayOptions
} from './schedule.js'
export { constant, stepDecay, exponentialDecay, cosineDecay, toSchedule } from './schedule.js'
export type { WarmupOptions, WarmupCosineDecayOptions } from './warmup.js'
export { warmup, warmupCosineDecay, joinSchedules } from './warmup.js'
export type { ScaleState } from './scale.js'
export { scale } from './scale.js'
export type { ScaleByLearningRateState } from './scale-by-learning-rate.js'
export { scaleByLearningRate } from './scale-by-learning-rate.js'
export type { ScaleByMomentumState, ScaleByMomentumOptions } from './scale-by-momentum.js'
export { scaleByMomentum } from './scale-by-momentum.js'
export type { ScaleByAdagradState, ScaleByAdagradOptions } from './scale-by-adagrad.js'
export { scaleByAdagrad } from './scale-by-adagrad.js'
export type { ScaleByRmsState, ScaleByRmsOptions } from './scale-by-rms.js'
export { scaleByRms } from './scale-by-rms.js'
export type { ScaleByAdamState, ScaleByAdamOptions } from './scale-by-adam.js'
export { scaleByAdam } from './scale-by-adam.js'
export type { AddDecayedWeightsState } from './add-decayed-weights.js'
export { addDecayedWeights } from './add-decayed-weights.js'
export type { L2RegularizationState } from './l2-regularization.js'
export { l2Regularization } from './l2-regularization.js'
export type { ClipByGlobalNormState } from './clip-by-global-norm.js'
export { clipByGlobalNorm, globalNorm } from './clip-by-global-norm.js'
export type {
  SgdState,
  MomentumState,
  AdagradState,
  RmspropState,
  AdamState,
  AdamwState,
  AdamwOptions
} from './aliases.js'
export { sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw } from './aliases.js'
