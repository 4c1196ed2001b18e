/**
 * Samples drawn from a key: uniform and normal tensors, Bernoulli masks and permutations.
 * Element i of a sample depends only on (key, i), so a sample is a pure function of its key and
 * shape — the same key always gives the same numbers, on every machine.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { bits } from './key.js'
import type { Key } from './key.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The c-th uniform number in [0, 1) of a key's stream, with 53 random bits (two 32-bit words).
 *
 * @example
 * import { Random } from 'kanzen'
 * const u = Random.unit(Random.key(0), 0)
 * assert.ok(u >= 0 && u < 1)
 *
 * @category operations
 * @since 0.1.0
 */
export const unit = (k: Key, c: number): number => ((bits(k, 2 * c) >>> 5) * 67108864 + (bits(k, 2 * c + 1) >>> 6)) / 9007199254740992

/**
 * Independent uniform samples in [low, high).
 *
 * @example
 * import { Random } from 'kanzen'
 * const u = Random.uniform(Random.key(0), [2, 3], { low: -1, high: 1 })
 * assert.ok(Array.from(u.data).every((x) => x >= -1 && x < 1))
 *
 * @category operations
 * @since 0.1.0
 */
export const uniform = <const S extends T.Shape, D extends T.DType = 'float32'>(
  k: Key,
  shape: S,
  options: { readonly low?: number; readonly high?: number; readonly dtype?: D } = {}
): T.Tensor<T.Dims<S>, D> => {
  const low = options.low ?? 0
  const width = (options.high ?? 1) - low
  return T.generate(shape, (i) => low + width * unit(k, i), options.dtype)
}

/**
 * Independent normal samples N(mean, std²), by the Box–Muller transform:
 * z = √(−2 ln(1 − u₁)) · cos(2π u₂) for independent uniforms u₁, u₂.
 *
 * @example
 * import { Random } from 'kanzen'
 * const z = Random.normal(Random.key(0), [1000], { std: 2 })
 * assert.strictEqual(z.shape[0], 1000)
 *
 * @category operations
 * @since 0.1.0
 */
export const normal = <const S extends T.Shape, D extends T.DType = 'float32'>(
  k: Key,
  shape: S,
  options: { readonly mean?: number; readonly std?: number; readonly dtype?: D } = {}
): T.Tensor<T.Dims<S>, D> => {
  const mean = options.mean ?? 0
  const std = options.std ?? 1
  return T.generate(shape, (i) => mean + std * Math.sqrt(-2 * Math.log(1 - unit(k, 2 * i))) * Math.cos(2 * Math.PI * unit(k, 2 * i + 1)), options.dtype)
}

/**
 * A mask of ones (with probability p) and zeros, e.g. the kept units of dropout.
 *
 * @example
 * import { Random } from 'kanzen'
 * const m = Random.bernoulli(Random.key(0), [4], 1)
 * assert.deepStrictEqual(Array.from(m.data), [1, 1, 1, 1])
 *
 * @category operations
 * @since 0.1.0
 */
export const bernoulli = <const S extends T.Shape, D extends T.DType = 'float32'>(
  k: Key,
  shape: S,
  p: number,
  dtype?: D
): T.Tensor<T.Dims<S>, D> => T.generate(shape, (i) => (unit(k, i) < p ? 1 : 0), dtype)

/**
 * A uniformly random ordering of 0..n−1 (Fisher–Yates, drawing from the key).
 *
 * @example
 * import { Random } from 'kanzen'
 * const p = Random.permutation(Random.key(0), 5)
 * assert.deepStrictEqual(Array.from(p).sort(), [0, 1, 2, 3, 4])
 *
 * @category operations
 * @since 0.1.0
 */
export const permutation = (k: Key, n: number): Int32Array => {
  // j_i = ⌊u_i·(i + 1)⌋ ∈ [0, i], then the swaps (a kernel of the tensor core).
  const draws = new Int32Array(n)
  for (let i = n - 1; i > 0; i--) draws[i] = Math.floor(unit(k, i) * (i + 1))
  return T.fisherYates(draws)
}
