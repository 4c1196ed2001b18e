/**
 * Weight initialisers as typed values, not strings: `dense(784, 100, { init: glorot })`.
 *
 * For a weight matrix W: [fanIn, fanOut]:
 *   he        W ~ N(0, 2 / fanIn)                      (He et al. 2015; the default, for ReLU)
 *   glorot    W ~ U(−r, r), r = √(6 / (fanIn + fanOut))  (Glorot & Bengio 2010; alias `xavier`)
 *   normal(σ) W ~ N(0, σ²)                             (the textbook's `weight_init_std`)
 *   zeros     W = 0                                    (only sensible for a last layer; tests)
 *
 * Every initialiser draws from an explicit key, so the same key gives the same weights.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import * as R from '../random/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A weight initialiser: a name for messages and a sampler from a key.
 *
 * @category model
 * @since 0.1.0
 */
export interface Init {
  readonly name: string
  readonly sample: <I extends number, O extends number, D extends T.DType>(key: R.Key, fanIn: I, fanOut: O, dtype: D) => T.Tensor<[I, O], D>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * He-normal: N(0, 2/fanIn), which keeps the variance of ReLU activations constant with depth.
 *
 * @example
 * import { Layer, Random } from 'kanzen'
 * const w = Layer.he.sample(Random.key(0), 784, 100, 'float64')
 * assert.deepStrictEqual(w.shape, [784, 100])
 *
 * @category constructors
 * @since 0.1.0
 */
export const he: Init = {
  name: 'he',
  sample: (key, fanIn, fanOut, dtype) => R.normal(key, [fanIn, fanOut], { std: Math.sqrt(2 / fanIn), dtype })
}

/**
 * Glorot (Xavier) uniform: U(−r, r) with r = √(6/(fanIn + fanOut)), variance 2/(fanIn + fanOut).
 *
 * @example
 * import { Layer, Random } from 'kanzen'
 * const w = Layer.glorot.sample(Random.key(0), 3, 3, 'float64')
 * assert.ok(Array.from(w.data).every((x) => Math.abs(x) <= 1))
 *
 * @category constructors
 * @since 0.1.0
 */
export const glorot: Init = {
  name: 'glorot',
  sample: (key, fanIn, fanOut, dtype) => {
    const r = Math.sqrt(6 / (fanIn + fanOut))
    return R.uniform(key, [fanIn, fanOut], { low: -r, high: r, dtype })
  }
}

/** Another name for `glorot`. @example assert.strictEqual(Layer.xavier, Layer.glorot) @category constructors @since 0.1.0 */
export const xavier: Init = glorot

/**
 * N(0, std²), for a fixed standard deviation.
 *
 * @example
 * import { Layer, Random } from 'kanzen'
 * assert.strictEqual(Layer.normal(0.01).name, 'normal(0.01)')
 *
 * @category constructors
 * @since 0.1.0
 */
export const normal = (std: number): Init => ({
  name: `normal(${std})`,
  sample: (key, fanIn, fanOut, dtype) => R.normal(key, [fanIn, fanOut], { std, dtype })
})

/**
 * All zeros (every unit then computes the same thing: use for a last layer or a test only).
 *
 * @example
 * import { Layer, Random } from 'kanzen'
 * assert.deepStrictEqual(Array.from(Layer.zeros.sample(Random.key(0), 1, 2, 'float32').data), [0, 0])
 *
 * @category constructors
 * @since 0.1.0
 */
export const zeros: Init = {
  name: 'zeros',
  sample: (_key, fanIn, fanOut, dtype) => T.zeros([fanIn, fanOut], dtype)
}
