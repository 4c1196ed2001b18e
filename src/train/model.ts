/**
 * What training needs from a network and a loss, in the library's own vocabulary: a `Model` is
 * the part of a `Layer` that a step calls (`Pick<Layer, …>`), a loss is a `Loss`. Every layer
 * and loss is accepted as it stands, and following the types from `trainStep` leads to the code
 * that runs (src/layers/layer.ts, src/losses/loss.ts).
 *
 * The target type of a step comes from the network's output (as `evaluate`'s does): a loss
 * written for any shape (`softmaxCrossEntropy`, `meanSquaredError`) is read at the network's
 * output shape and dtype (`TargetAt`), so one-hot labels of another width or dtype are compile
 * errors naming both numbers.
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import type * as L from '../layers/index.js'
import type * as Ls from '../losses/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The part of a layer from shape `I` to shape `O` that training calls: forward, backward, the
 * optional parameter-only backward, and the state functions of layers that keep state.
 *
 * @category model
 * @since 0.1.0
 */
export type Model<I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType = 'float32', St = L.NoState> = Pick<
  L.Layer<I, O, P, Tp, D, St>,
  'forward' | 'backward' | 'gradients' | 'initState' | 'nextState'
>

/**
 * A loss with predictions of shape `O` against targets `Y`: `Loss.Loss` itself.
 *
 * @category model
 * @since 0.1.0
 */
export type LossFunction<O extends T.Shape, Y, D extends T.DType = 'float32'> = Ls.Loss<O, Y, D>

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
 * Any loss on predictions of shape `O`, whatever its targets (`Loss` with the target hidden as
 * `never`, so that any loss fits it). Training functions take the loss as `L extends LossOn<O, D>`
 * and read its target type back with `TargetAt`, because TypeScript infers `unknown` for the
 * target of a generic loss such as `<K>(pred: [number, K], target: [number, K])` passed where a
 * `Loss<O, Y>` is expected.
 *
 * @category model
 * @since 0.1.0
 */
export type LossOn<O extends T.Shape, D extends T.DType = 'float32'> = Ls.Loss<O, never, D>

/**
 * The target type of a loss as written (for a generic loss, with its type parameters at their
 * bounds: `Tensor<[number, number], DType>` for `meanSquaredError`).
 *
 * @category model
 * @since 0.1.0
 */
export type TargetOf<F> = F extends (pred: never, target: infer Y) => unknown ? Y : never

/**
 * The target type of a loss used on a network whose output is `Tensor<O, D>`: every tensor the
 * loss accepts at its bounds that `Tensor<O, D>` is an instance of becomes `Tensor<O, D>` (so
 * `softmaxCrossEntropy` on a `[number, 10]` network takes `ArrayLike<number> | Tensor<[number,
 * 10]>`); a loss with a fixed target type keeps it.
 *
 * @category model
 * @since 0.1.0
 */
export type TargetAt<F, O extends T.Shape, D extends T.DType = 'float32'> = At<TargetOf<F>, O, D>

type At<Y, O extends T.Shape, D extends T.DType> = Y extends T.AnyTensor ? (T.Tensor<O, D> extends Y ? T.Tensor<O, D> : Y) : Y

/**
 * A loss read at its own target type. `LossOn` hides the target (as `never`) so that any loss
 * fits it; this gives it back. The one unchecked step of the training module lives here (an overload).
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * const mse = (p: Tensor.Tensor<[1]>, t: Tensor.Tensor<[1]>) => ({ value: 0, grad: Tensor.sub(p, t) })
 * assert.strictEqual(Train.asLossFunction(mse), mse)
 *
 * @category utils
 * @since 0.1.0
 */
export function asLossFunction<O extends T.Shape, Y, D extends T.DType = 'float32'>(loss: LossOn<O, D>): LossFunction<O, Y, D>
// The caller reads Y off this very loss (TargetAt), so the loss accepts Y: the overload above says so.
export function asLossFunction(loss: unknown): unknown {
  return loss
}
