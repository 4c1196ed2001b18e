/**
 * What a training step needs from a network and a loss, written structurally: the `forward` and
 * `backward` halves of a `Layer` (src/layers/layer.ts) and the `Loss` function shape
 * (src/losses/loss.ts). Every `Layer` and every `Loss` is one of these as it stands, so training
 * accepts them unchanged; spelling the two shapes out here keeps `train` free of any reach into
 * another folder's internals.
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import type * as R from '../random/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The differentiable part of a layer from shape `I` to shape `O`: forward returns the output and
 * its tape, backward returns ∂L/∂P (same type as P) and ∂L/∂x.
 *
 * @category model
 * @since 0.1.0
 */
export interface Model<I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType = 'float32'> {
  readonly forward: (params: P, x: T.Tensor<I, D>, ctx: { readonly key: R.Key; readonly mode: 'train' | 'eval' }) => readonly [T.Tensor<O, D>, Tp]
  readonly backward: (params: P, tape: Tp, dOut: T.Tensor<O, D>) => readonly [P, T.Tensor<I, D>]
}

/**
 * A loss: its value, averaged over the batch, and ∂L/∂prediction.
 *
 * @category model
 * @since 0.1.0
 */
export type LossFunction<O extends T.Shape, Y, D extends T.DType = 'float32'> = (
  pred: T.Tensor<O, D>,
  target: Y
) => { readonly value: number; readonly grad: T.Tensor<O, D> }

/**
 * A mini-batch: inputs `x` and targets `y` (a one-hot tensor, class labels, regression values).
 *
 * @category model
 * @since 0.1.0
 */
export interface Batch<X, Y> {
  readonly x: X
  readonly y: Y
}
