/**
 * Losses: each returns its value and its gradient together.
 *
 * @since 0.1.0
 */
export type { Loss, LossResult } from './loss.js'
export { softmaxCrossEntropy } from './softmax-cross-entropy.js'
export { sigmoidBinaryCrossEntropy } from './binary-cross-entropy.js'
export { meanSquaredError } from './mean-squared-error.js'
export type { Penalty, L2Options } from './l2-penalty.js'
export { l2Penalty } from './l2-penalty.js'
export { lectureSoftmaxCrossEntropyGradient } from './lecture-softmax-gradient.js'
