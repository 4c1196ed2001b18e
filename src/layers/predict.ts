/**
 * Predictions of a trained network: its forward pass in eval mode (dropout is the identity),
 * run over the rows in batches of `batch` and gathered into one output tensor, so that 10,000
 * rows never need the intermediate activations of all 10,000 at once (for 784-512-256-10, one
 * batch of 1,024 rows holds 3 MiB of activations where all of MNIST's test set would need 30).
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import type { Ctx, Layer, NoState } from './layer.js'
import { evalCtx, evalCtxWith } from './layer.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * `batch`: rows per forward pass (default 1024); `state`: the network's state for eval mode
 * (the running statistics a training run carried, `TrainState.state`; none for most networks).
 *
 * @category model
 * @since 0.2.0
 */
export interface PredictOptions<St = NoState> {
  readonly batch?: number
  readonly state?: St
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The network's outputs for every row of `x`, in eval mode, computed `batch` rows at a time;
 * the same numbers as one `forward` over all rows. A network with state (batch normalisation)
 * reads `options.state` in eval mode. A batch size that is not a positive integer
 * stops with a `RangeError` naming it (`Tensor.attempt` makes that a `Left`).
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const net = Layer.serial(Layer.input(3), Layer.dense(4), Layer.relu(), Layer.dense(2))
 * const params = net.init(Random.key(0))
 * const x = Random.normal(Random.key(1), [10, 3] as [number, 3])
 * const y = Layer.predict(net, params, x, { batch: 4 })
 * assert.deepStrictEqual(y.shape, [10, 2])
 * assert.ok(Tensor.allClose(y, net.forward(params, x, Layer.evalCtx)[0]))
 *
 * @category operations
 * @since 0.2.0
 */
export const predict = <I extends T.RowShape, O extends T.RowShape, P, Tp, D extends T.DType, St>(
  layer: Layer<I, O, P, Tp, D, St>,
  params: P,
  x: T.Tensor<I, D>,
  options: PredictOptions<NoInfer<St>> = {}
): T.Tensor<O, D> => {
  const state = options.state
  const ctx: Ctx<St> = state === undefined ? { key: evalCtx.key, mode: 'eval' } : evalCtxWith(state)
  const size = options.batch ?? 1024
  if (!(Number.isInteger(size) && size > 0)) T.failShape('predict', 'a batch size that is a positive integer', `${size}`)
  return T.mapRowBatches(x, size, (rows) => layer.forward(params, rows, ctx)[0])
}
