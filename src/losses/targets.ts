/**
 * Run-time checks of loss targets. A loss given targets that do not fit its predictions (another
 * shape, another dtype, a class index out of range) stops with a `RangeError` carrying a
 * `ShapeError` that names the loss and what it found — the same convention as a shape
 * disagreement inside any typed operation (`Tensor.failShape`). `Tensor.attempt(() => loss(y, t))`
 * turns it into an `Either` for callers that want a value.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import * as Tr from '../tree/index.js'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** Whether a target is a tensor (rather than an array of class indices): the tree module's guard. @internal */
export const isTensor = Tr.isTensor

/** Require a target tensor of the prediction's shape and dtype. @internal */
export const requireSameShape = (loss: string, pred: T.AnyTensor, target: T.AnyTensor): void => {
  if (!T.sameShape(pred.shape, target.shape) || pred.dtype !== target.dtype) {
    T.failShape(loss, `targets of shape ${T.showShape(pred.shape)} ${pred.dtype}`, `${T.showShape(target.shape)} ${target.dtype}`)
  }
}

/** Require a matrix [N, K] of predictions. @internal */
export const requireMatrix = (loss: string, pred: T.AnyTensor): readonly [number, number] =>
  pred.shape.length === 2 ? [T.at(pred.shape, 0), T.at(pred.shape, 1)] : T.failShape(loss, 'predictions of shape [N, K]', T.showShape(pred.shape))

/** Require one integer class index in 0..K−1 per row. @internal */
export const requireClasses = (loss: string, labels: ArrayLike<number>, n: number, k: number): void => {
  if (labels.length !== n) T.failShape(loss, `${n} class indices (one per row)`, `${labels.length}`)
  for (let i = 0; i < n; i++) {
    const c = T.at(labels, i)
    if (!(Number.isInteger(c) && c >= 0 && c < k)) T.failShape(loss, `class indices in 0..${k - 1}`, `${c} at row ${i}`)
  }
}
