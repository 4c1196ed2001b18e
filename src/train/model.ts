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
  readonly forward: (
    params: P,
    x: T.Tensor<I, D>,
    ctx: { readonly key: R.Key; readonly mode: 'train' | 'eval' }
  ) => readonly [T.Tensor<O, D>, Tp]
  readonly backward: (params: P, tape: Tp, dOut: T.Tensor<O, D>) => readonly [P, T.Tensor<I, D>]
  /** Optional: ∂L/∂P alone (training never needs ∂L/∂x of the network's input). */
  readonly gradients?: (params: P, tape: Tp, dOut: T.Tensor<O, D>) => P
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

/**
 * Any loss on predictions of shape `O`, whatever its targets. Training functions take the loss
 * as a type `L extends LossOn<O, D>` and read its target type back with `TargetOf`, because
 * TypeScript cannot infer a target type from a generic loss such as
 * `<K>(pred: [number, K], target: [number, K])` directly (it then infers `unknown`).
 *
 * @category model
 * @since 0.1.0
 */
export type LossOn<O extends T.Shape, D extends T.DType = 'float32'> = (
  pred: T.Tensor<O, D>,
  target: never
) => { readonly value: number; readonly grad: T.Tensor<O, D> }

/**
 * The target type of a loss (for a generic loss, with its type parameters at their bounds).
 *
 * @category model
 * @since 0.1.0
 */
export type TargetOf<L> = L extends (pred: never, target: infer Y) => unknown ? Y : never

/**
 * A loss read at its own target type. `LossOn` hides the target (as `never`) so that any loss
 * fits it; this gives it back. The one cast of the training module lives here.
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * const mse = (p: Tensor.Tensor<[1]>, t: Tensor.Tensor<[1]>) => ({ value: 0, grad: Tensor.sub(p, t) })
 * assert.strictEqual(Train.asLossFunction(mse), mse)
 *
 * @category utils
 * @since 0.1.0
 */
export const asLossFunction = <O extends T.Shape, Y, D extends T.DType = 'float32'>(
  loss: LossOn<O, D>
): LossFunction<O, Y, D> => loss as unknown as LossFunction<O, Y, D>
