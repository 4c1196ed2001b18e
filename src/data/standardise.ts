/**
 * Feature standardisation fitted on training rows and applied unchanged to any other rows:
 * for column j, μⱼ = (1/N) Σᵢ xᵢⱼ and σⱼ = √((1/N) Σᵢ (xᵢⱼ − μⱼ)²) over the *training* rows, and
 * then zᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ. A constant column (σⱼ = 0) is only centred (σⱼ is taken as 1), so
 * no division by zero can turn a feature into NaN. Fitting on the training rows alone is what
 * keeps test statistics from leaking into the model.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import * as T from '../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The fitted statistics, one mean and one scale per column: a plain JSON value (an io-ts codec)
 * that can be saved beside a model.
 *
 * @category model
 * @since 0.1.0
 */
export const Standardiser = t.type({ mean: t.array(t.number), std: t.array(t.number) }, 'Standardiser')
/** @category model @since 0.1.0 */
export type Standardiser = t.TypeOf<typeof Standardiser>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Column means and population standard deviations of the training rows.
 *
 * @example
 * import { Data, Tensor } from 'kanzen'
 * const s = Data.fitStandardiser(Tensor.tensor([[1, 5], [3, 5]]))
 * assert.deepStrictEqual(s, { mean: [2, 5], std: [1, 1] })
 *
 * @category constructors
 * @since 0.1.0
 */
export const fitStandardiser = <F extends number>(x: T.Tensor<readonly [number, F], T.DType>): Standardiser => {
  const [n, f] = x.shape
  const mean = new Array<number>(f).fill(0)
  const square = new Array<number>(f).fill(0)
  // Two passes (mean first, then squared deviations) avoid the cancellation of E[x²] − E[x]².
  const at = (i: number, j: number): number => T.at(x.data, i * f + j)
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j] = T.at(mean, j) + at(i, j) / n
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) square[j] = T.at(square, j) + (at(i, j) - T.at(mean, j)) ** 2 / n
  return { mean, std: square.map((v) => (v > 1e-24 ? Math.sqrt(v) : 1)) }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Apply fitted statistics: zᵢⱼ = (xᵢⱼ − μⱼ) / σⱼ. The column count must match the fit (checked
 * by the caller's types; a mismatch is a `Tensor.failShape` programming error).
 *
 * @example
 * import { Data, Tensor } from 'kanzen'
 * const z = Data.standardise({ mean: [2], std: [2] }, Tensor.tensor([[0], [4]]))
 * assert.deepStrictEqual(Tensor.toNested(z), [[-1], [1]])
 *
 * @category operations
 * @since 0.1.0
 */
export const standardise = <F extends number, D extends T.DType = 'float32'>(
  s: Standardiser,
  x: T.Tensor<readonly [number, F], D>
): T.Tensor<[number, F], D> => {
  const f = x.shape[1]
  if (s.mean.length !== f || s.std.length !== f) T.failShape('standardise', `${s.mean.length} columns`, `${f} columns`)
  return T.generate(x.shape, (i) => (T.at(x.data, i) - T.at(s.mean, i % f)) / T.at(s.std, i % f), x.dtype)
}

/**
 * Undo `standardise` on one column (e.g. to report a standardised regression target in its
 * units): x = z·σⱼ + μⱼ.
 *
 * @example
 * import { Data } from 'kanzen'
 * assert.strictEqual(Data.unstandardise({ mean: [10], std: [2] }, 0, 1.5), 13)
 *
 * @category operations
 * @since 0.1.0
 */
export const unstandardise = (s: Standardiser, column: number, z: number): number =>
  z * T.at(s.std, column) + T.at(s.mean, column)
