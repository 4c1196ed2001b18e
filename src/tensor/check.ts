/**
 * Run-time shape checks inside typed operations.
 *
 * Where every dimension is a literal, the compiler has already proved that shapes agree. A
 * `number` dimension (a batch size, data read from a file) can only be checked when the
 * program runs: a typed operation that finds a disagreement there stops with a `RangeError`
 * whose message names the operation and both shapes, like an index out of range — it never
 * computes a silently wrong result or fails deep inside a kernel. `attempt` turns that stop
 * into an `Either` for callers that want the error as a value.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { sameShape, shapeError, showShape } from './shape.js'
import type { Shape, ShapeError } from './shape.js'

/** A `RangeError` that carries the `ShapeError` it reports. @category model @since 0.1.0 */
export interface ShapeMismatch extends RangeError {
  readonly shapeError: ShapeError
}

/**
 * Stop with a `ShapeMismatch` naming the operation, what it expected and what it found.
 * @internal
 */
export const mismatch = (op: string, expected: string, found: string): never => {
  const e = shapeError(op, expected, found)
  throw Object.assign(new RangeError(e.message), { shapeError: e })
}

/** Require two shapes to be equal, axis by axis. @internal */
export const requireSameShape = (op: string, a: Shape, b: Shape): void => {
  if (!sameShape(a, b)) mismatch(op, `equal shapes`, `${showShape(a)} and ${showShape(b)}`)
}

/** Require one dimension to equal another. @internal */
export const requireDim = (op: string, what: string, expected: number, found: number): void => {
  if (expected !== found) mismatch(op, `${what} ${expected}`, `${found}`)
}

/**
 * Run a computation on tensors whose `number` dimensions the compiler could not check, and get
 * a shape disagreement back as a `Left` instead of a thrown `RangeError`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const a = Tensor.zeros([2, 3] as [number, number])
 * const b = Tensor.zeros([4, 5] as [number, number])
 * const r = Tensor.attempt(() => Tensor.matmul(a, b))
 * assert.strictEqual(E.isLeft(r) && r.left.message, 'matmul: expected inner dimensions to agree: [2, 3] · [4, 5], found 3 ≠ 4')
 *
 * @category utils
 * @since 0.1.0
 */
export const attempt = <A>(f: () => A): E.Either<ShapeError, A> => {
  try {
    return E.right(f())
  } catch (e) {
    if (isShapeMismatch(e)) return E.left(e.shapeError)
    throw e
  }
}

/** Whether a thrown value is a shape disagreement found at run time. @category utils @since 0.1.0 */
export const isShapeMismatch = (e: unknown): e is ShapeMismatch =>
  e instanceof RangeError && typeof (e as Partial<ShapeMismatch>).shapeError === 'object'
