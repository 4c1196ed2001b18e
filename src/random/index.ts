/**
 * Randomness as a value: splittable keys and the samples drawn from them.
 *
 * @since 0.1.0
 */
export type { Key } from './key.js'
export { key, split, splitN, foldIn, bits } from './key.js'
export { unit, uniform, normal, bernoulli, permutation } from './sample.js'
