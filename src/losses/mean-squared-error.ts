/**
 * Mean squared error, for regression, averaged over all n elements:
 *
 *   L = (1/n) Σ (y − t)²          ∂L/∂y = 2(y − t) / n
 *
 * (No ½ in front: the value is the plain mean of squares, so its square root is the RMSE that
 * regression results are reported in.)
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import type { LossResult } from './loss.js'
import { requireSameShape } from './targets.js'

// -------------------------------------------------------------------------------------
// losses
// -------------------------------------------------------------------------------------

/**
 * Mean squared error of predictions against targets of the same shape.
 *
 * @example
 * import { Loss, Tensor } from 'kanzen'
 * const r = Loss.meanSquaredError(Tensor.tensor([[1], [3]]), Tensor.tensor([[0], [1]]))
 * assert.strictEqual(r.value, 2.5)
 * assert.deepStrictEqual(Tensor.toNested(r.grad), [[1], [2]])
 *
 * @category losses
 * @since 0.1.0
 */
export const meanSquaredError = <S extends T.Shape, D extends T.DType>(
  pred: T.Tensor<S, D>,
  target: T.Tensor<Readonly<NoInfer<S>>, NoInfer<D>>
): LossResult<S, D> => {
  requireSameShape('meanSquaredError', pred, target)
  const n = pred.size
  const total = T.sumSquaredError(pred, target)
  // L = (1/n) Σ (y − t)²;  ∂L/∂y = 2(y − t)/n
  const grad = T.zipWith(pred, target, (y, t) => (2 * (y - t)) / n)
  return { value: total / n, grad }
}
