/**
 * Datasets in memory and their batches. A dataset is a record of tensors that share their first
 * axis (rows), e.g. `{ x: [n, 784], y: [n, 10] }`, plus the order in which to read the rows.
 * `shuffle(key)` permutes that order (Fisher–Yates from the key, so the same key gives the same
 * order), `batch(size)` cuts it into mini-batches by gathering rows, and `epochs` gives the
 * batches of epoch e as a function of (key, e). Shuffling moves indices, not rows: a batch
 * gathers its rows when it is reached, so an epoch never copies the dataset.
 *
 * Every stream here is re-iterable: iterating it twice gives the same batches.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as R from '../random/index.js'
import * as T from '../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Named tensors with a rows axis first. @category model @since 0.1.0 */
export type Tensors = { readonly [name: string]: T.Tensor<T.RowShape, T.DType> }

/** One mini-batch of a dataset: each tensor cut to the batch's rows. @category model @since 0.1.0 */
export type BatchOf<D extends Tensors> = {
  readonly [K in keyof D]: D[K] extends T.Tensor<infer S extends T.RowShape, infer Dt> ? T.Tensor<T.Rows<S>, Dt> : never
}

/** A dataset: tensors sharing `rows` rows, read in `order`. @category model @since 0.1.0 */
export interface Dataset<D extends Tensors> {
  readonly tensors: D
  readonly rows: number
  readonly order: Int32Array
}

/** A stream that cannot give what was asked of it. @category model @since 0.1.0 */
export interface StreamError {
  readonly _tag: 'StreamError'
  readonly message: string
}

/** Options of `batch`: drop a last, smaller batch (default false). @category model @since 0.1.0 */
export interface BatchOptions {
  readonly dropLast?: boolean
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A dataset from tensors that must share a positive number of rows.
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const d = Train.dataset({ x: Tensor.zeros([3, 2]), y: Tensor.zeros([3, 1]) })
 * assert.ok(E.isRight(d) && d.right.rows === 3)
 * assert.ok(E.isLeft(Train.dataset({ x: Tensor.zeros([3, 2]), y: Tensor.zeros([2, 1]) })))
 *
 * @category constructors
 * @since 0.1.0
 */
export const dataset = <D extends Tensors>(tensors: D): E.Either<StreamError, Dataset<D>> => {
  const named = Object.entries(tensors)
  const [first] = named
  if (first === undefined) return E.left(streamError('dataset: expected at least one tensor, found none'))
  const rows = first[1].shape[0]
  const other = named.find(([, t]) => t.shape[0] !== rows)
  if (other !== undefined) {
    return E.left(
      streamError(`dataset: expected ${other[0]} to have ${rows} rows like ${first[0]}, found ${other[1].shape[0]}`)
    )
  }
  if (rows === 0) return E.left(streamError(`dataset: expected at least one row, found 0`))
  return E.right({ tensors, rows, order: identityOrder(rows) })
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The same rows in an order drawn from `key` (the current order, permuted).
 *
 * @example
 * import { Random, Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const d = Train.dataset({ x: Tensor.tensor([[0], [1], [2]]) })
 * assert.ok(E.isRight(d))
 * assert.deepStrictEqual([...Train.shuffle(Random.key(1))(d.right).order].sort(), [0, 1, 2])
 *
 * @category combinators
 * @since 0.1.0
 */
export const shuffle =
  (key: R.Key) =>
  <D extends Tensors>(d: Dataset<D>): Dataset<D> => {
    // order′[i] = order[p[i]] (Tensor.pick: a loop; a per-element callback cost about 2 ms an
    // epoch at MNIST's 60,000 rows). A hand-made order shorter than its rows fails at the first
    // index it lacks.
    return { ...d, order: T.pick(d.order, R.permutation(key, d.rows)) }
  }

/**
 * The dataset cut into batches of `size` rows, in order; the last batch is smaller unless
 * `dropLast`. A size that is not a positive integer, or larger than the data, is a `Left`.
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const d = Train.dataset({ x: Tensor.tensor([[0], [1], [2]]) })
 * assert.ok(E.isRight(d))
 * const b = Train.batch(2)(d.right)
 * assert.ok(E.isRight(b))
 * assert.deepStrictEqual([...b.right].map((batch) => Tensor.toNested(batch.x)), [[[0], [1]], [[2]]])
 * assert.ok(E.isLeft(Train.batch(4)(d.right)))
 *
 * @category combinators
 * @since 0.1.0
 */
export const batch =
  (size: number, options: BatchOptions = {}) =>
  <D extends Tensors>(d: Dataset<D>): E.Either<StreamError, Iterable<BatchOf<D>>> => {
    const bad = checkSize('batch', size, d.rows)
    if (bad !== undefined) return E.left(bad)
    const end = options.dropLast === true ? d.rows - (d.rows % size) : d.rows
    return E.right({
      *[Symbol.iterator]() {
        for (let start = 0; start < end; start += size)
          yield gather(d.tensors, d.order.subarray(start, Math.min(end, start + size)))
      }
    })
  }

/**
 * Epochs: the batches of epoch `e` are `batch(size)(shuffle(foldIn(key, e))(d))`, so any epoch
 * can be replayed alone from the run's key and its number.
 *
 * @example
 * import { Random, Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const d = Train.dataset({ x: Tensor.tensor([[0], [1], [2], [3]]) })
 * assert.ok(E.isRight(d))
 * const epoch = Train.epochs(2)(d.right)
 * assert.ok(E.isRight(epoch))
 * assert.deepStrictEqual([...epoch.right(Random.key(0), 3)], [...epoch.right(Random.key(0), 3)])
 *
 * @category combinators
 * @since 0.1.0
 */
export const epochs =
  (size: number, options: BatchOptions = {}) =>
  <D extends Tensors>(d: Dataset<D>): E.Either<StreamError, (key: R.Key, epoch: number) => Iterable<BatchOf<D>>> =>
    E.map(() => (key: R.Key, epoch: number) => unsafeRight(batch(size, options)(shuffle(R.foldIn(key, epoch))(d))))(
      batch(size, options)(d)
    )

/**
 * `Train.fit`'s own batches of one epoch — the rows of `epochs(size, options)(d)(key, epoch)`, in
 * its order — each begun ahead: `start(i)` begins gathering batch i (on the native backend's
 * second thread when there is one) and returns the function that finishes it.
 *
 * @internal
 */
export const batchesAhead =
  <D extends Tensors>(d: Dataset<D>, size: number, options: BatchOptions = {}) =>
  (key: R.Key, epoch: number): { readonly count: number; readonly start: (i: number) => () => BatchOf<D> } => {
    const order = shuffle(R.foldIn(key, epoch))(d).order
    const end = options.dropLast === true ? d.rows - (d.rows % size) : d.rows
    return { count: Math.ceil(end / size), start: (i) => gatherLater(d.tensors, order.subarray(i * size, Math.min(end, (i + 1) * size))) }
  }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// 0, 1, …, n − 1 (a loop: Int32Array.from with a callback took about 3 ms at 60,000 rows).
const identityOrder = (n: number): Int32Array => {
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  return order
}

/** A `StreamError` with a message. @category utils @since 0.1.0 */
export const streamError = (message: string): StreamError => ({ _tag: 'StreamError', message })

/** The size check shared by `batch` and `rebatch` (rows = undefined when unknown). @internal */
export const checkSize = (op: string, size: number, rows: number | undefined): StreamError | undefined =>
  !(Number.isInteger(size) && size > 0)
    ? streamError(`${op}: expected a batch size that is a positive integer, found ${size}`)
    : rows !== undefined && size > rows
      ? streamError(`${op}: expected a batch size of at most ${rows} (the number of rows), found ${size}`)
      : undefined

// Begin gathering the same rows from every tensor, smallest first: one gather at a time can run on
// the second thread, so the largest (begun last) is the one left running.
const gatherLater = <D extends Tensors>(tensors: D, rows: Int32Array): (() => BatchOf<D>) => {
  const bySize = Object.entries(tensors).sort(([, a], [, b]) => a.size - b.size)
  const later = new Map(bySize.map(([k, t]) => [k, T.gatherRowsLater(t, rows)] as const))
  return () => fields<D, BatchOf<D>>(tensors, (t, k) => (later.get(k) ?? (() => T.gatherRows(t, rows)))())
}

// Gather the same rows from every tensor.
const gather = <D extends Tensors>(tensors: D, rows: Int32Array): BatchOf<D> =>
  fields<D, BatchOf<D>>(tensors, (t) => T.gatherRows(t, rows))

/**
 * The same row operation on every field of named tensors, the result typed `B` (`D` itself, or
 * its `BatchOf` when `f` cuts rows). The overload is the one unchecked step of the batching code:
 * a mapped type cannot follow `Object.fromEntries`.
 *
 * @internal
 */
export function fields<D extends Tensors, B = D>(c: D, f: RowMap): B
export function fields(c: Tensors, f: RowMap): Tensors {
  // A loop (this runs for every batch); a field named __proto__ stays a field, as fromEntries made it.
  const out: Record<string, T.Tensor<T.RowShape, T.DType>> = {}
  for (const k of Object.keys(c)) {
    const v = c[k]
    if (v === undefined) continue // own keys always hold a tensor; the guard is for the type checker
    const t = f(v, k)
    if (k === '__proto__') Object.defineProperty(out, k, { value: t, enumerable: true, writable: true, configurable: true })
    else out[k] = t
  }
  return out
}

type RowMap = (t: T.Tensor<T.RowShape, T.DType>, k: string) => T.Tensor<T.RowShape, T.DType>

// `epochs` checked the size once, for the same number of rows, so every later call is a Right.
const unsafeRight = <A>(r: E.Either<StreamError, A>): A =>
  E.isRight(r) ? r.right : T.failShape('epochs', 'a valid batch size', r.left.message)
