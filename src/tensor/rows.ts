/**
 * Row operations, for batching: a contiguous slice of rows, rows picked by index (a shuffled
 * mini-batch), rows stacked, and labels turned into one-hot rows.
 *
 * A tensor's first axis is its rows; the remaining axes (its "row shape") are kept, so a
 * `[number, 28, 28]` stack of images slices into `[number, 28, 28]` batches.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { mismatch } from './check.js'
import { shapeError, showShape } from './shape.js'
import type { Shape, ShapeError } from './shape.js'
import { activeKernels } from './kernels/select.js'
import { allocate, allocateFilled, dataOf, unsafeMake } from './tensor.js'
import { codesOf, sliceCoded } from './byte-codes.js'
import type { ArrayOf, DType, Tensor } from './tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A shape with at least one axis, the first being rows. @category model @since 0.1.0 */
export type RowShape = readonly [number, ...Array<number>]

/** The same shape with any number of rows. @category model @since 0.1.0 */
export type Rows<S extends RowShape> = S extends readonly [number, ...infer R extends Shape] ? [number, ...R] : never

/** The shape of one row. @category model @since 0.1.0 */
export type RowOf<S extends RowShape> = S extends readonly [number, ...infer R extends Shape] ? R : never

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Rows `start` (inclusive) to `end` (exclusive), clamped to the tensor like `Array.slice`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const a = Tensor.tensor([[1, 2], [3, 4], [5, 6]])
 * assert.deepStrictEqual(Tensor.toNested(Tensor.sliceRows(a, 1, 3)), [[3, 4], [5, 6]])
 *
 * @category operations
 * @since 0.1.0
 */
export const sliceRows = <S extends RowShape, D extends DType>(a: Tensor<S, D>, start: number, end: number): Tensor<Rows<S>, D> => {
  const n = a.shape[0]
  const from = Math.max(0, Math.min(n, Math.trunc(start)))
  const to = Math.max(from, Math.min(n, Math.trunc(end)))
  const width = rowSize(a.shape)
  // A tensor made from byte codes keeps them through a slice (a validation split, a first-rows cut).
  const coded = sliceCoded(a.dtype, dataOf(a), from * width, to * width)
  const out = coded ?? allocateFilled(a.dtype, (to - from) * width)
  if (coded === undefined) out.set(dataOf(a).subarray(from * width, to * width))
  return unsafeMake([to - from, ...a.shape.slice(1)] as unknown as Rows<S>, a.dtype, out)
}

/**
 * The rows at the given indices, in that order (repeats allowed): a shuffled mini-batch.
 * An index outside the tensor is a `RangeError` naming it.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const a = Tensor.tensor([[1, 2], [3, 4], [5, 6]])
 * assert.deepStrictEqual(Tensor.toNested(Tensor.gatherRows(a, [2, 0])), [[5, 6], [1, 2]])
 *
 * @category operations
 * @since 0.1.0
 */
export const gatherRows = <S extends RowShape, D extends DType>(a: Tensor<S, D>, indices: ArrayLike<number>): Tensor<Rows<S>, D> => {
  const rows = checkedRows('gatherRows', a.shape[0], indices)
  const out = allocateFilled(a.dtype, indices.length * rowSize(a.shape))
  activeKernels().gatherRows(dataOf(a), rows, out, rowSize(a.shape), codesOf(a.data))
  return unsafeMake([indices.length, ...a.shape.slice(1)] as unknown as Rows<S>, a.dtype, out)
}

/**
 * `gatherRows`, begun now and finished by the function it returns: with two threads the native
 * backend gathers on its second thread meanwhile (how `Train.fit` cuts the next mini-batch while
 * a step runs). The tensor exists only once that function is called; its array is written by
 * then and never after. Indices are checked at once (a `RangeError` naming the bad one).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const later = Tensor.gatherRowsLater(Tensor.tensor([[1, 2], [3, 4], [5, 6]]), [2, 0])
 * assert.deepStrictEqual(Tensor.toNested(later()), [[5, 6], [1, 2]])
 *
 * @category operations
 * @since 0.3.0
 */
export const gatherRowsLater = <S extends RowShape, D extends DType>(a: Tensor<S, D>, indices: ArrayLike<number>): (() => Tensor<Rows<S>, D>) => {
  const rows = checkedRows('gatherRowsLater', a.shape[0], indices)
  const out = allocateFilled(a.dtype, indices.length * rowSize(a.shape))
  const finish = activeKernels().startGatherRows(dataOf(a), rows, out, rowSize(a.shape), codesOf(a.data))
  let done: Tensor<Rows<S>, D> | undefined
  return () => {
    if (done === undefined) {
      finish()
      done = unsafeMake([indices.length, ...a.shape.slice(1)] as unknown as Rows<S>, a.dtype, out)
    }
    return done
  }
}

// The indices as 32-bit integers for the kernel (the caller's own array when it is one: it is only
// read), each checked to name one of the n rows.
const checkedRows = (op: string, n: number, indices: ArrayLike<number>): Int32Array => {
  const given = indices instanceof Int32Array
  const rows = given ? indices : new Int32Array(indices.length)
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!
    if (!(Number.isInteger(i) && i >= 0 && i < n)) mismatch(op, `row indices in 0..${n - 1}`, `${i} at position ${r}`)
    if (!given) rows[r] = i
  }
  return rows
}

/**
 * Stack the rows of `b` under the rows of `a`; their row shapes must agree.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const r = Tensor.concatRows(Tensor.tensor([[1, 2]]), Tensor.tensor([[3, 4], [5, 6]]))
 * assert.deepStrictEqual(r.shape, [3, 2])
 *
 * @category operations
 * @since 0.1.0
 */
export const concatRows = <S extends RowShape, D extends DType>(
  a: Tensor<S, D>,
  b: Tensor<readonly [number, ...RowOf<NoInfer<S>>], NoInfer<D>>
): Tensor<Rows<S>, D> => {
  const tail = (s: Shape): string => showShape(s.slice(1))
  if (tail(a.shape) !== tail(b.shape)) mismatch('concatRows', `rows of shape ${tail(a.shape)}`, tail(b.shape))
  const out = allocateFilled(a.dtype, a.size + b.size)
  out.set(dataOf(a))
  out.set(dataOf(b), a.size)
  return unsafeMake([a.shape[0] + b.shape[0], ...a.shape.slice(1)] as unknown as Rows<S>, a.dtype, out)
}

/**
 * `f` applied to the rows of `x`, `size` rows at a time, its outputs stacked in order: the same
 * numbers as `f(x)` for a row-wise `f` (a network in eval mode), without ever holding the
 * intermediate values of all rows at once. A batch of a batch tensor keeps its type `S` (its
 * first axis is the rows); every output must have the row shape and dtype of the first.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const a = Tensor.tensor([[1, 2], [3, 4], [5, 6]]) as Tensor.Tensor<[number, 2]>
 * const twice = Tensor.mapRowBatches(a, 2, (rows) => Tensor.scale(rows, 2))
 * assert.deepStrictEqual(Tensor.toNested(twice), [[2, 4], [6, 8], [10, 12]])
 *
 * @category operations
 * @since 0.2.0
 */
export const mapRowBatches = <S extends RowShape, O extends RowShape, D extends DType>(
  x: Tensor<S, D>,
  size: number,
  f: (rows: Tensor<S, D>) => Tensor<O, D>
): Tensor<O, D> => {
  const n = x.shape[0]
  if (n <= size) return f(x)
  let out: { readonly y: Tensor<O, D>; readonly data: ArrayOf<D>; readonly width: number } | undefined
  for (let start = 0; start < n; start += size) {
    // Rows<S> of a batch tensor S is S again: its first axis is `number` for every batch the layers take.
    const y = f(sliceRows(x, start, start + size) as unknown as Tensor<S, D>)
    if (out === undefined) {
      const width = rowSize(y.shape)
      out = { y, data: allocate(y.dtype, n * width), width }
    } else if (tailOf(y.shape) !== tailOf(out.y.shape) || y.dtype !== out.y.dtype)
      mismatch('mapRowBatches', `outputs of rows ${tailOf(out.y.shape)} ${out.y.dtype}`, `${tailOf(y.shape)} ${y.dtype}`)
    out.data.set(dataOf(y), start * out.width)
  }
  if (out === undefined) return f(x)
  return unsafeMake([n, ...out.y.shape.slice(1)] as unknown as O, out.y.dtype, out.data)
}

const tailOf = (s: Shape): string => showShape(s.slice(1))

/**
 * Class labels as one-hot rows: label c becomes a row of `k` zeros with a 1 in column c.
 * Labels come from data, so a label that is not an integer in 0..k−1 is a `Left` naming it.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const t = Tensor.oneHot([2, 0], 3)
 * assert.deepStrictEqual(E.map(Tensor.toNested)(t), E.right([[0, 0, 1], [1, 0, 0]]))
 * assert.ok(E.isLeft(Tensor.oneHot([3], 3)))
 *
 * @category constructors
 * @since 0.1.0
 */
export const oneHot = <const K extends number, D extends DType = 'float32'>(
  labels: ArrayLike<number>,
  k: K,
  dtype?: D
): E.Either<ShapeError, Tensor<[number, K], D>> => {
  const d = dtype ?? ('float32' as D)
  const out = allocate(d, labels.length * k)
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!
    if (!(Number.isInteger(c) && c >= 0 && c < k)) return E.left(shapeError('oneHot', `a class in 0..${k - 1} at position ${i}`, `${c}`))
    out[i * k + c] = 1
  }
  return E.right(unsafeMake([labels.length, k] as [number, K], d, out))
}

const rowSize = (shape: Shape): number => {
  let n = 1
  for (let i = 1; i < shape.length; i++) n *= shape[i]!
  return n
}
