/**
 * The loss contract: one function that returns the loss value and its gradient together,
 * L(y, t) and ∂L/∂y, so the training step needs no hidden state (unlike a `SoftmaxWithLoss`
 * object that stores y and t between calls). Every loss averages over the batch, and says so.
 *
 * Back-propagation never assumes a particular loss: the gradient a loss returns is simply the
 * ∂L/∂y handed to the network's backward pass.
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'

/** A loss value and ∂L/∂prediction. @category model @since 0.1.0 */
export interface LossResult<S extends T.Shape, D extends T.DType = 'float32'> {
  readonly value: number
  readonly grad: T.Tensor<S, D>
}

/**
 * A loss on predictions of shape `S` against targets of type `Y`.
 *
 * @category model
 * @since 0.1.0
 */
export type Loss<S extends T.Shape, Y, D extends T.DType = 'float32'> = (pred: T.Tensor<S, D>, target: Y) => LossResult<S, D>
