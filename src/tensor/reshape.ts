/**
 * Reshape: the same data, read with another shape (row-major order is kept).
 *
 * The compiler checks that both shapes have the same number of elements, using the digit-wise
 * `Product` of `shape.ts` (so `[100, 784]` → `[78400]` is accepted and `[78401]` is not, far
 * beyond the 10,000 where tuple-length arithmetic gives up). Where a dimension is `number`, the
 * check happens at run time.
 *
 * @since 0.1.0
 */
import { mismatch } from './check.js'
import { invalidDimension, showShape, sizeOf } from './shape.js'
import type { Dims, Product, Shape } from './shape.js'
import { dataOf, unsafeMake } from './tensor.js'
import type { DType, Tensor } from './tensor.js'

/**
 * What the compiler demands of a reshape target: the target itself when the element counts can
 * agree, otherwise a type that names both counts, so the error message says what is wrong.
 *
 * @category type-level
 * @since 0.1.0
 */
export type ReshapeTarget<S extends Shape, S2 extends Shape> = number extends Product<S>
  ? S2
  : number extends Product<S2>
    ? S2
    : Product<S> extends Product<S2>
      ? S2
      : S2 & { readonly reshapeError: `cannot reshape ${Product<S>} elements into ${Product<S2>}` }

/**
 * The same elements with another shape (no copy: tensors are immutable, so sharing is safe).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const x = Tensor.zeros([100, 784])
 * assert.deepStrictEqual(Tensor.reshape(x, [78400]).shape, [78400])
 *
 * @category operations
 * @since 0.1.0
 */
export const reshape = <S extends Shape, const S2 extends Shape, D extends DType>(
  a: Tensor<S, D>,
  shape: ReshapeTarget<S, S2> & S2
): Tensor<Dims<S2>, D> => {
  const bad = shape.map(invalidDimension).find((w) => w !== undefined)
  if (bad !== undefined) mismatch('reshape', bad, showShape(shape))
  if (sizeOf(shape) !== a.size) {
    mismatch('reshape', `a shape with ${a.size} elements like ${showShape(a.shape)}`, `${showShape(shape)} with ${sizeOf(shape)}`)
  }
  return unsafeMake(shape as unknown as Dims<S2>, a.dtype, dataOf(a))
}
