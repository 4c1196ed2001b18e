/**
 * Predictions of a trained network: its forward pass in eval mode (dropout is the identity),
 * run over the rows in batches of `batch` and gathered into one output tensor, so that 10,000
 * rows never need the intermediate activations of all 10,000 at once (for 784-512-256-10, one
 * batch of 1,024 rows holds 3 MiB of activations where all of MNIST's test set would need 30).
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import type { Layer } from './layer.js'
import { evalCtx } from './layer.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** `batch`: rows per forward pass (default 1024). @category model @since 0.2.0 */
export interface PredictOptions {
  readonly batch?: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The network's outputs for every row of `x`, in eval mode, computed `batch` rows at a time;
 * the same numbers as one `forward` over all rows. A batch size that is not a positive integer
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
  options: PredictOptions = {}
): T.Tensor<O, D> => {
  // Eval mode reads no layer state here (a stateful layer's running statistics are not passed yet).
  const net = layer as unknown as Layer<I, O, P, Tp, D>
  const size = options.batch ?? 1024
  if (!(Number.isInteger(size) && size > 0)) T.failShape('predict', 'a batch size that is a positive integer', `${size}`)
  const n = x.shape[0]
  if (n <= size) return net.forward(params, x, evalCtx)[0]
  const rowSize = net.outputRow.reduce((a, d) => a * d, 1)
  const like = T.zeros([n, ...net.outputRow], net.dtype) as unknown as T.Tensor<O, D>
  return T.produce(like, (out) => {
    for (let start = 0; start < n; start += size) {
      // sliceRows keeps the row shape: a batch of I is an I.
      const rows = T.sliceRows(x, start, start + size) as unknown as T.Tensor<I, D>
      const [y] = net.forward(params, rows, evalCtx)
      out.set(y.data, start * rowSize)
    }
  })
}
