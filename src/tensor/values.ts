/**
 * Plain arrays of numbers on the way in and out of tensors, for the folders above the tensor
 * core: reading one element as a `number` (what `noUncheckedIndexedAccess` asks for, checked
 * instead of asserted) and building a tensor from flat values that the program itself computed.
 *
 * Neither is for kernels: `at` costs a call and a check per element. A loop over a whole tensor
 * belongs in the tensor core as a named operation (see `fused.ts`).
 *
 * @since 0.3.0
 */
import { mismatch } from './check.js'
import { showShape, sizeOf } from './shape.js'
import type { Dims, Shape } from './shape.js'
import { allocate, unsafeMake } from './tensor.js'
import type { DType, Tensor } from './tensor.js'

/**
 * Element `i` of an array (or typed array), typed as the element itself: an index outside
 * 0..length−1 stops with a `RangeError` naming it, instead of reading `undefined` as a number.
 * The narrowing helper for indexed reads outside the tensor core and the tree module.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.at(Float32Array.of(1, 2, 3), 2), 3)
 * assert.strictEqual(Tensor.at(['a', 'b'], 0), 'a')
 * assert.throws(() => Tensor.at([1, 2], 2), /at: expected an index in 0\.\.1, found 2/)
 *
 * @category utils
 * @since 0.3.0
 */
export const at = <A>(values: ArrayLike<A>, i: number): A => {
  if (!(Number.isInteger(i) && i >= 0 && i < values.length)) {
    throw new RangeError(`at: expected an index in 0..${values.length - 1}, found ${i}`)
  }
  // cast: in range (checked just above), so the element is an A, not undefined.
  return values[i] as A
}

/**
 * A tensor of `shape` from flat row-major values the program built itself (rows of a table
 * after decoding), optionally through `f` (out[i] = f(values[i])). A length that does not fit the
 * shape is a programming error: a `RangeError` carrying a `ShapeError`, as in every typed
 * operation. For data from outside the program, `fromArray` returns an `Either` instead.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const t = Tensor.fromValues([2, 2], [1, 2, 3, 4])
 * assert.deepStrictEqual(Tensor.toNested(t), [[1, 2], [3, 4]])
 * const pixels = Tensor.fromValues([1, 2], Uint8Array.of(0, 255), 'float32', (v) => v / 255)
 * assert.deepStrictEqual(Tensor.toArray(pixels), [0, 1])
 * assert.throws(() => Tensor.fromValues([2, 2], [1, 2, 3]), /fromValues: expected 4 values for shape \[2, 2\]/)
 *
 * @category constructors
 * @since 0.3.0
 */
export const fromValues = <const S extends Shape, D extends DType = 'float32'>(
  shape: S,
  values: ArrayLike<number>,
  dtype?: D,
  f?: (x: number) => number
): Tensor<Dims<S>, D> => {
  const n = sizeOf(shape)
  if (values.length !== n) mismatch('fromValues', `${n} values for shape ${showShape(shape)}`, `${values.length} values`)
  // cast: a missing dtype means the default, float32 (as in every constructor).
  const d = dtype ?? ('float32' as D)
  const data = allocate(d, n)
  // Two loops rather than an identity f: the copy stays a plain loop.
  if (f === undefined) for (let i = 0; i < n; i++) data[i] = values[i]!
  else for (let i = 0; i < n; i++) data[i] = f(values[i]!)
  // cast: Dims<S> only drops readonly from S.
  return unsafeMake(shape as Dims<S>, d, data)
}

/**
 * Whether a tensor is a matrix (rank 2): the type guard that gives its two dimensions as numbers,
 * for tensors whose rank is known only at run time (weights read from a file).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const t: Tensor.AnyTensor = Tensor.zeros([2, 3])
 * assert.ok(Tensor.isMatrix(t) && t.shape[1] === 3)
 * assert.ok(!Tensor.isMatrix(Tensor.zeros([6])))
 *
 * @category utils
 * @since 0.3.0
 */
export const isMatrix = <D extends DType>(t: Tensor<Shape, D>): t is Tensor<[number, number], D> => t.shape.length === 2

/**
 * The values at `indices`, in their order: out[i] = values[indices[i]] — one ordering applied
 * after another (`Train.shuffle` permutes a dataset's current order so). Every index is checked
 * against `values`: a bad one is a `RangeError` naming it and its position.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Array.from(Tensor.pick(Int32Array.of(7, 8, 9), Int32Array.of(2, 0, 1))), [9, 7, 8])
 * assert.throws(() => Tensor.pick(Int32Array.of(7), Int32Array.of(1)), /expected an index in 0\.\.0, found 1 at position 0/)
 *
 * @category constructors
 * @since 0.3.0
 */
export const pick = (values: Int32Array, indices: Int32Array): Int32Array => {
  const n = values.length
  const out = new Int32Array(indices.length)
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!
    if (!(j >= 0 && j < n)) throw new RangeError(`pick: expected an index in 0..${n - 1}, found ${j} at position ${i}`)
    out[i] = values[j]!
  }
  return out
}

/**
 * The ordering of 0..n−1 that Fisher–Yates makes from its draws (n = draws.length): for
 * i = n−1 down to 1, swap the elements at i and draws[i], where draws[i] ∈ [0, i] (draws[0] is
 * not read). The random numbers come from the caller (`Random.permutation` draws them from a key);
 * this is the swap loop, a kernel over typed arrays.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Array.from(Tensor.fisherYates(Int32Array.of(0, 0, 1))), [2, 0, 1])
 *
 * @category constructors
 * @since 0.3.0
 */
export const fisherYates = (draws: Int32Array): Int32Array => {
  const n = draws.length
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = draws[i]!
    if (!(j >= 0 && j <= i)) mismatch('fisherYates', `a draw in 0..${i} at ${i}`, `${j}`)
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}
