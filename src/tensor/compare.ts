/**
 * Approximate equality of tensors, as numpy's `allclose`: |a − b| ≤ atol + rtol · |b| at every
 * index, with equal shapes. NaN is never close to anything.
 *
 * @since 0.1.0
 */
import { sameShape } from './shape.js'
import type { Shape } from './shape.js'
import type { DType, Tensor } from './tensor.js'

/** Tolerances for `allClose`. @category model @since 0.1.0 */
export interface Tolerance {
  /** Relative tolerance (default 1e-5). */
  readonly rtol?: number
  /** Absolute tolerance (default 1e-8). */
  readonly atol?: number
}

/**
 * Whether two tensors have the same shape and agree within tolerance. The dtypes may differ, so
 * a float32 result can be compared with a float64 reference.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.ok(Tensor.allClose(Tensor.tensor([1, 2]), Tensor.tensor([1, 2.000001])))
 * assert.ok(!Tensor.allClose(Tensor.tensor([1, 2]), Tensor.tensor([1, 2.1])))
 *
 * @category utils
 * @since 0.1.0
 */
export const allClose = <S extends Shape>(a: Tensor<S, DType>, b: Tensor<Readonly<NoInfer<S>>, DType>, tol: Tolerance = {}): boolean => {
  const rtol = tol.rtol ?? 1e-5
  const atol = tol.atol ?? 1e-8
  if (!sameShape(a.shape, b.shape)) return false
  for (let i = 0; i < a.size; i++) {
    const x = a.data[i]!
    const y = b.data[i]!
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false
  }
  return true
}
