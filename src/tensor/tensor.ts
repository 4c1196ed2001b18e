/**
 * The tensor model: an immutable, shape-typed block of numbers.
 *
 * A `Tensor<S, D>` is a readonly record holding its shape `S` (a tuple of dimensions), its
 * dtype `D` and a typed array laid out row-major (C order): element `[i, j]` of a `[N, M]`
 * tensor lives at `data[i * M + j]`. Nobody writes `data` after construction; kernels write
 * only into arrays they have just allocated. Only this folder can mint a tensor, so every tensor
 * in a program passed through a constructor that checked its data against its shape.
 *
 * float32 is the default (speed, memory); float64 exists for gradient checks and hand
 * calculations, and mixing the two is a compile error: `astype` converts explicitly.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { invalidDimension, sameShape, shapeError, showShape, sizeOf } from './shape.js'
import type { Dims, Shape, ShapeError, ShapeOf } from './shape.js'
import { MIN_LENGTH, noteAllocation, recording, takePooled } from './pool.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The element types: `float32` (default) and `float64` (gradient checks). @category model @since 0.1.0 */
export type DType = 'float32' | 'float64'

/** The typed array behind a dtype. @category model @since 0.1.0 */
export type ArrayOf<D extends DType> = D extends 'float64' ? Float64Array : Float32Array

/**
 * A typed array the compiler will not let anyone write: element assignment, `set`, `fill`,
 * `sort` and friends are gone from the type. (Typed arrays cannot be frozen at run time.)
 *
 * @category model
 * @since 0.1.0
 */
export type ReadonlyData<D extends DType = DType> = Readonly<
  Omit<ArrayOf<D>, 'set' | 'fill' | 'copyWithin' | 'reverse' | 'sort' | 'subarray'>
>

declare const TensorBrand: unique symbol

/**
 * An immutable tensor of shape `S` and dtype `D`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const x: Tensor.Tensor<[2, 3]> = Tensor.tensor([[1, 2, 3], [4, 5, 6]])
 * assert.deepStrictEqual(x.shape, [2, 3])
 *
 * @category model
 * @since 0.1.0
 */
export interface Tensor<S extends Shape, D extends DType = 'float32'> {
  readonly shape: S
  readonly dtype: D
  readonly size: number
  readonly data: ReadonlyData<D>
  /** Phantom: exists only for the compiler, so that only this folder can mint a tensor. */
  readonly [TensorBrand]: { readonly shape: S; readonly dtype: D }
}

/** Any tensor, of any shape and dtype. @category model @since 0.1.0 */
export type AnyTensor = Tensor<Shape, DType>

/** Nested arrays of numbers, as written in code: `[[1, 2], [3, 4]]`. @category model @since 0.1.0 */
export type Nested = number | ReadonlyArray<Nested>

// -------------------------------------------------------------------------------------
// internal minting (this folder only; not re-exported from the package)
// -------------------------------------------------------------------------------------

/**
 * Mint a tensor around an array that nobody else holds. The caller guarantees that
 * `data.length === sizeOf(shape)` and that it will never write `data` again.
 * @internal
 */
export const unsafeMake = <S extends Shape, D extends DType>(shape: S, dtype: D, data: ArrayOf<D>): Tensor<S, D> =>
  // The one cast that mints the brand: the phantom field has no run-time value.
  ({ shape: frozenShape(shape) as unknown as S, dtype, size: data.length, data }) as unknown as Tensor<S, D>

// A frozen shape (another tensor's, most often) cannot change, so it is shared; any other array is
// copied first, so that the caller's later writes cannot reach the tensor. Not `Object.freeze(
// shape.slice())`: V8 slices a frozen array on its slow path, about 0.3 µs, against 0.02 µs for
// this loop, and a small MLP's step mints some thirty tensors.
const frozenShape = (shape: Shape): Shape => {
  if (Object.isFrozen(shape)) return shape
  const copy: number[] = []
  for (let i = 0; i < shape.length; i++) copy.push(shape[i]!)
  return Object.freeze(copy)
}

/**
 * The writable view of a tensor's data, for kernels that only read it.
 * @internal
 */
export const dataOf = <D extends DType>(t: Tensor<Shape, D>): ArrayOf<D> => t.data as unknown as ArrayOf<D>

/**
 * An array of a dtype that no tensor uses, for a loop that writes every element before anything
 * reads it: like `allocate`, but a recycled array is not zeroed first (its old values are
 * overwritten anyway; zeroing a 313 KB array costs about a fifth of writing it).
 * @internal
 */
export const allocateFilled = <D extends DType>(dtype: D, n: number): ArrayOf<D> => take(dtype, n, false)

/**
 * A zeroed array of a dtype that no tensor uses: fresh, or for a large one memory a training loop
 * gave back through `recycle` (see pool.ts), recorded when `allocations` is running.
 * @internal
 */
export const allocate = <D extends DType>(dtype: D, n: number): ArrayOf<D> => take(dtype, n, true)

/**
 * A zeroed array of a dtype that is never the pool's and never recorded: for arrays that something
 * is keyed by (byte-codes.ts), which a recycled array must not be.
 * @internal
 */
export const allocateFresh = <D extends DType>(dtype: D, n: number): ArrayOf<D> =>
  // cast: ArrayOf<D> is Float64Array exactly when D is 'float64'.
  (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n)) as ArrayOf<D>

// A fresh array, or a large one from the pool (zeroed when `zero`), recorded for `allocations`.
const take = <D extends DType>(dtype: D, n: number, zero: boolean): ArrayOf<D> => {
  if (n < MIN_LENGTH) return allocateFresh(dtype, n)
  const a = takePooled(dtype === 'float64', n, zero) ?? allocateFresh(dtype, n)
  if (recording()) noteAllocation(a)
  return a as ArrayOf<D>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A tensor from flat row-major data and a shape, checked at run time: the shape's dimensions
 * must be non-negative integers and their product must equal the data length. The data is
 * copied, so the caller may keep writing its own array.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const t = Tensor.fromArray([2, 2], [1, 2, 3, 4])
 * assert.ok(E.isRight(t))
 * const bad = Tensor.fromArray([2, 2], [1, 2, 3])
 * assert.deepStrictEqual(E.isLeft(bad) && bad.left.message, 'fromArray: expected 4 values for shape [2, 2], found 3 values')
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromArray = <const S extends Shape, D extends DType = 'float32'>(
  shape: S,
  values: ArrayLike<number>,
  dtype?: D
): E.Either<ShapeError, Tensor<Dims<S>, D>> => {
  const bad = checkShape('fromArray', shape)
  if (bad !== undefined) return E.left(bad)
  const n = sizeOf(shape)
  if (values.length !== n) {
    return E.left(shapeError('fromArray', `${n} values for shape ${showShape(shape)}`, `${values.length} values`))
  }
  const d = dtype ?? ('float32' as D)
  const data = allocate(d, n)
  for (let i = 0; i < n; i++) data[i] = values[i]!
  return E.right(unsafeMake(shape as Dims<S>, d, data))
}

/**
 * A tensor from nested arrays, checked at run time (every row as long as the first).
 * Data read from files comes through here or `fromArray`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const ragged = Tensor.fromNested([[1, 2, 3], [4, 5]])
 * assert.ok(E.isLeft(ragged))
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromNested = <const A extends Nested, D extends DType = 'float32'>(
  nested: A,
  dtype?: D
): E.Either<ShapeError, Tensor<ShapeOf<A>, D>> => {
  const shape: Array<number> = []
  for (let level: Nested = nested; Array.isArray(level); level = (level as ReadonlyArray<Nested>)[0] ?? 0) {
    shape.push((level as ReadonlyArray<Nested>).length)
  }
  const flat: Array<number> = []
  const problem = flatten(nested, shape, 0, flat, [])
  if (problem !== undefined) return E.left(problem)
  const checked: E.Either<ShapeError, Tensor<Shape, D>> = fromArray(shape, flat, dtype)
  return checked as E.Either<ShapeError, Tensor<ShapeOf<A>, D>>
}

/**
 * A tensor from a nested array literal written in code, with its shape inferred by the compiler:
 * `tensor([[1, 2, 3], [4, 5, 6]])` is a `Tensor<[2, 3]>`. For data that comes from outside the
 * program use `fromNested`, which returns an `Either` instead of rejecting a ragged array.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.tensor([[0.1, 0.2], [0.3, 0.4]], 'float64')
 * assert.strictEqual(w.dtype, 'float64')
 *
 * @category constructors
 * @since 0.1.0
 */
export const tensor = <const A extends Nested, D extends DType = 'float32'>(nested: A, dtype?: D): Tensor<ShapeOf<A>, D> =>
  E.getOrElseW((e: ShapeError): never => {
    // A ragged literal in source code is a programming error, like an index out of range.
    throw new RangeError(e.message)
  })(fromNested(nested, dtype))

/**
 * A tensor filled with one value.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Tensor.toNested(Tensor.fill([2], 7)), [7, 7])
 *
 * @category constructors
 * @since 0.1.0
 */
export const fill = <const S extends Shape, D extends DType = 'float32'>(shape: S, value: number, dtype?: D): Tensor<Dims<S>, D> => {
  const d = dtype ?? ('float32' as D)
  const data = allocate(d, sizeOf(shape))
  data.fill(value)
  return unsafeMake(shape as Dims<S>, d, data)
}

/**
 * A tensor whose element at flat (row-major) index i is `f(i)`: the pure way to build a tensor
 * element by element (random samples, masks) without handing anyone a writable array.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Tensor.toNested(Tensor.generate([2, 2], (i) => i * i)), [[0, 1], [4, 9]])
 *
 * @category constructors
 * @since 0.1.0
 */
export const generate = <const S extends Shape, D extends DType = 'float32'>(
  shape: S,
  f: (index: number) => number,
  dtype?: D
): Tensor<Dims<S>, D> => {
  const d = dtype ?? ('float32' as D)
  const data = allocate(d, sizeOf(shape))
  for (let i = 0; i < data.length; i++) data[i] = f(i)
  return unsafeMake(shape as Dims<S>, d, data)
}

/**
 * A new tensor with the shape and dtype of `like`, whose data `fill` writes once into a fresh,
 * zeroed array. For kernels outside this folder (an optimizer's fused update) that need a plain
 * loop — which the engine can inline — rather than a callback per element as in `map`.
 * `fill` must not keep the array: after it returns, the tensor owns it.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const x = Tensor.tensor([1, 2, 3])
 * const y = Tensor.produce(x, (out) => { for (let i = 0; i < out.length; i++) out[i] = 2 * x.data[i]! })
 * assert.deepStrictEqual(Tensor.toArray(y), [2, 4, 6])
 *
 * @category constructors
 * @since 0.1.0
 */
export const produce = <S extends Shape, D extends DType>(like: Tensor<S, D>, fill: (out: ArrayOf<D>) => void): Tensor<S, D> => {
  const data = allocate(like.dtype, like.size)
  fill(data)
  return unsafeMake(like.shape, like.dtype, data)
}

/**
 * A new tensor of shape `shape` and dtype `dtype`, whose data `fill` writes once into a fresh,
 * zeroed array: `produce` for an output whose shape differs from every input (im2col, pooling).
 * `fill` must not keep the array: after it returns, the tensor owns it.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const x = Tensor.tensor([[1, 2], [3, 4]])
 * const col = Tensor.produceAs([4], 'float32', (out) => { for (let i = 0; i < 4; i++) out[i] = x.data[i]! * 10 })
 * assert.deepStrictEqual(Tensor.toArray(col), [10, 20, 30, 40])
 *
 * @category constructors
 * @since 0.2.0
 */
export const produceAs = <const S extends Shape, D extends DType>(shape: S, dtype: D, fill: (out: ArrayOf<D>) => void): Tensor<Dims<S>, D> => {
  const bad = checkShape('produceAs', shape)
  if (bad !== undefined) throw new RangeError(bad.message)
  const data = allocate(dtype, sizeOf(shape))
  fill(data)
  return unsafeMake(shape as Dims<S>, dtype, data)
}

/** All zeros. @example assert.strictEqual(Tensor.zeros([2, 3]).size, 6) @category constructors @since 0.1.0 */
export const zeros = <const S extends Shape, D extends DType = 'float32'>(shape: S, dtype?: D): Tensor<Dims<S>, D> =>
  fill(shape, 0, dtype)

/** All ones. @example assert.strictEqual(Tensor.ones([2]).data[1], 1) @category constructors @since 0.1.0 */
export const ones = <const S extends Shape, D extends DType = 'float32'>(shape: S, dtype?: D): Tensor<Dims<S>, D> =>
  fill(shape, 1, dtype)

/**
 * The `n × n` identity matrix.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Tensor.toNested(Tensor.eye(2)), [[1, 0], [0, 1]])
 *
 * @category constructors
 * @since 0.1.0
 */
export const eye = <const N extends number, D extends DType = 'float32'>(n: N, dtype?: D): Tensor<[N, N], D> => {
  const d = dtype ?? ('float32' as D)
  const data = allocate(d, n * n)
  for (let i = 0; i < n; i++) data[i * n + i] = 1
  return unsafeMake([n, n] as [N, N], d, data)
}

/** A rank-0 tensor holding one number. @example assert.strictEqual(Tensor.scalar(3).data[0], 3) @category constructors @since 0.1.0 */
export const scalar = <D extends DType = 'float32'>(value: number, dtype?: D): Tensor<[], D> => fill([] as [], value, dtype)

// -------------------------------------------------------------------------------------
// conversions
// -------------------------------------------------------------------------------------

/**
 * Narrow a tensor whose shape has `number` dimensions to a more precise shape, checked at run
 * time. This is where a shape known only when the program runs (data from a file) becomes a
 * shape the compiler knows.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const x = Tensor.zeros([2, 784] as [number, number])
 * assert.ok(E.isRight(Tensor.withShape(x, [2, 784])))
 * const r = Tensor.withShape(x, [2, 100])
 * assert.strictEqual(E.isLeft(r) && r.left.message, 'withShape: expected [2, 100], found [2, 784]')
 *
 * @category conversions
 * @since 0.1.0
 */
export const withShape = <S extends Shape, const S2 extends Shape, D extends DType>(
  t: Tensor<S, D>,
  shape: S2
): E.Either<ShapeError, Tensor<Dims<S2>, D>> =>
  sameShape(t.shape, shape)
    ? E.right(t as unknown as Tensor<Dims<S2>, D>)
    : E.left(shapeError('withShape', showShape(shape), showShape(t.shape)))

/**
 * Convert between float32 and float64 (a new tensor; rounding to float32 is explicit here).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.astype(Tensor.ones([2]), 'float64').dtype, 'float64')
 *
 * @category conversions
 * @since 0.1.0
 */
export const astype = <S extends Shape, D2 extends DType>(t: Tensor<S, DType>, dtype: D2): Tensor<S, D2> => {
  const data = allocate(dtype, t.size)
  data.set(t.data)
  return unsafeMake(t.shape, dtype, data)
}

/** A plain copy of the data, as a `number[]` in row-major order. @category conversions @since 0.1.0 */
export const toArray = (t: AnyTensor): Array<number> => Array.from(t.data)

/**
 * The data as nested arrays (a scalar as a number), for printing and for tests.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Tensor.toNested(Tensor.tensor([[1, 2], [3, 4]])), [[1, 2], [3, 4]])
 *
 * @category conversions
 * @since 0.1.0
 */
export const toNested = (t: AnyTensor): Nested => nest(t.data, t.shape, 0, 0)

/**
 * A readable rendering, one row a line: `Tensor [2, 2] float32` followed by the rows.
 *
 * @category conversions
 * @since 0.1.0
 */
export const show = (t: AnyTensor, digits = 4): string =>
  `Tensor ${showShape(t.shape)} ${t.dtype}\n${JSON.stringify(toNested(t), (_, v) => (typeof v === 'number' ? Number(v.toPrecision(digits)) : v))}`

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const checkShape = (op: string, shape: Shape): ShapeError | undefined => {
  for (let axis = 0; axis < shape.length; axis++) {
    const why = invalidDimension(shape[axis]!)
    if (why !== undefined) return shapeError(op, `${why.replace(/, got .*/, '')} on axis ${axis}`, showShape(shape))
  }
  return undefined
}

const flatten = (
  v: Nested,
  shape: ReadonlyArray<number>,
  depth: number,
  out: Array<number>,
  path: ReadonlyArray<number>
): ShapeError | undefined => {
  const where = path.length === 0 ? 'the top level' : `index [${path.join(', ')}]`
  if (typeof v === 'number') {
    if (depth !== shape.length) return shapeError('fromNested', `an array at ${where}`, `the number ${v}`)
    out.push(v)
    return undefined
  }
  if (depth >= shape.length) return shapeError('fromNested', `a number at ${where}`, 'an array')
  if (v.length !== shape[depth]) return shapeError('fromNested', `${shape[depth]} elements at ${where}`, `${v.length}`)
  for (let i = 0; i < v.length; i++) {
    const problem = flatten(v[i]!, shape, depth + 1, out, [...path, i])
    if (problem !== undefined) return problem
  }
  return undefined
}

const nest = (data: ReadonlyData, shape: Shape, axis: number, offset: number): Nested => {
  if (axis === shape.length) return data[offset]!
  const stride = sizeOf(shape.slice(axis + 1))
  return Array.from({ length: shape[axis]! }, (_, i) => nest(data, shape, axis + 1, offset + i * stride))
}
