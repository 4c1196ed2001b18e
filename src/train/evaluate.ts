/**
 * Evaluation as a fold over batches, in eval mode: the mean loss over all rows (each batch's
 * mean loss weighted by its rows, so a smaller last batch counts for what it holds), accuracy,
 * and the confusion matrix C, where C[actual][predicted] counts rows. Predicted and actual
 * classes are the argmax of each row of the prediction and of the target, which is one-hot (or
 * class probabilities) with the prediction's shape. A network with state (batch normalisation)
 * is evaluated with the state a training run carried (`TrainState.state`), given after the
 * parameters.
 *
 * @since 0.1.0
 */
import * as L from '../layers/index.js'
import * as T from '../tensor/index.js'
import type { Batch, LossFunction, Model } from './model.js'
import type { AnyIterable } from './fold.js'
import { fold, isAsync } from './fold.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Running sums of an evaluation. @category model @since 0.1.0 */
export interface EvalSums {
  readonly count: number
  readonly lossSum: number
  readonly correct: number
  readonly confusion: ReadonlyArray<ReadonlyArray<number>>
}

/** The result of an evaluation. @category model @since 0.1.0 */
export interface Metrics {
  readonly count: number
  readonly loss: number
  readonly accuracy: number
  /** confusion[actual][predicted]: how many rows of class `actual` were predicted `predicted`. */
  readonly confusion: ReadonlyArray<ReadonlyArray<number>>
}

type Rows2 = readonly [number, number]

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The evaluation fold's pieces for `classes` classes: `init`, `step(sums, batch)`, `done(sums)`.
 *
 * @example
 * import { Layer, Loss, Tensor, Train } from 'kanzen'
 * const net = Layer.dense(2, 2)
 * const params = { w: Tensor.tensor([[1, 0], [0, 1]]), b: Tensor.tensor([0, 0]) } // ŷ = x
 * const e = Train.evaluation(net, Loss.softmaxCrossEntropy, 2)(params)
 * const batch = { x: Tensor.tensor([[3, 0], [0, 3]]) as Tensor.Tensor<[number, 2]>, y: Tensor.tensor([[1, 0], [1, 0]]) as Tensor.Tensor<[number, 2]> }
 * const m = e.done(Train.fold(e.step, e.init)([batch]))
 * // row 0 is right, row 1 (class 0 predicted as 1) wrong
 * assert.deepStrictEqual([m.count, m.accuracy, m.confusion], [2, 0.5, [[1, 1], [0, 0]]])
 *
 * @category operations
 * @since 0.1.0
 */
export const evaluation =
  <I extends T.Shape, O extends Rows2, P, Tp, D extends T.DType = 'float32', St = L.NoState>(
    net: Model<I, O, P, Tp, D, St>,
    loss: LossFunction<O, T.Tensor<O, D>, D>,
    classes: number
  ) =>
  (params: P, state?: St) => {
    // Eval mode draws nothing at random; layers with state read the running statistics.
    const ctx: L.Ctx<St> = state === undefined ? { key: L.evalCtx.key, mode: 'eval' } : L.evalCtxWith(state)
    const init: EvalSums = {
      count: 0,
      lossSum: 0,
      correct: 0,
      confusion: Array.from({ length: classes }, () => Array<number>(classes).fill(0))
    }
    return {
      init,
      step: (sums: EvalSums, batch: Batch<T.Tensor<I, D>, T.Tensor<O, D>>): EvalSums => {
        const [yHat] = net.forward(params, batch.x, ctx)
        const rows = yHat.shape[0]
        return addBatch(sums, rows, loss(yHat, batch.y).value, T.argmax(batch.y), T.argmax(yHat))
      },
      done: (s: EvalSums): Metrics => ({
        count: s.count,
        loss: s.count === 0 ? Number.NaN : s.lossSum / s.count,
        accuracy: s.count === 0 ? Number.NaN : s.correct / s.count,
        confusion: s.confusion
      })
    }
  }

/**
 * Evaluate parameters on a stream of batches (a Promise for an async stream).
 *
 * @example
 * import { Layer, Loss, Tensor, Train } from 'kanzen'
 * const net = Layer.dense(2, 2)
 * const params = { w: Tensor.tensor([[1, 0], [0, 1]]), b: Tensor.tensor([0, 0]) } // ŷ = x
 * const batch = (x: number[][], y: number[][]) => ({ x: Tensor.tensor(x) as Tensor.Tensor<[number, 2]>, y: Tensor.tensor(y) as Tensor.Tensor<[number, 2]> })
 * const m = Train.evaluate(net, Loss.softmaxCrossEntropy, 2)(params)([batch([[0, 0]], [[1, 0]]), batch([[9, 0], [0, 9]], [[1, 0], [0, 1]])])
 * // mean over the 3 rows of −ln softmax: ln 2 for the first (a tie, argmax 0), ln(1 + e⁻⁹) for the others
 * assert.deepStrictEqual([m.count, m.accuracy, m.confusion], [3, 1, [[2, 0], [0, 1]]])
 * assert.strictEqual(m.loss.toFixed(6), ((Math.log(2) + 2 * Math.log(1 + Math.exp(-9))) / 3).toFixed(6))
 *
 * @category operations
 * @since 0.1.0
 */
export const evaluate =
  <I extends T.Shape, O extends Rows2, P, Tp, D extends T.DType = 'float32', St = L.NoState>(
    net: Model<I, O, P, Tp, D, St>,
    loss: LossFunction<O, T.Tensor<O, D>, D>,
    classes: number
  ) =>
  (params: P, state?: St) => {
    const e = evaluation(net, loss, classes)(params, state)
    const run = fold(e.step, e.init)
    function go(batches: Iterable<Batch<T.Tensor<I, D>, T.Tensor<O, D>>>): Metrics
    function go(batches: AsyncIterable<Batch<T.Tensor<I, D>, T.Tensor<O, D>>>): Promise<Metrics>
    function go(batches: AnyIterable<Batch<T.Tensor<I, D>, T.Tensor<O, D>>>): Metrics | Promise<Metrics> {
      return isAsync(batches) ? run(batches).then(e.done) : e.done(run(batches))
    }
    return go
  }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const addBatch = (s: EvalSums, rows: number, meanLoss: number, actual: Int32Array, predicted: Int32Array): EvalSums => {
  const confusion = s.confusion.map((row) => row.slice())
  let correct = 0
  for (let i = 0; i < rows; i++) {
    const a = actual[i]!
    const p = predicted[i]!
    if (a === p) correct++
    const row = confusion[a]
    if (row !== undefined && p < row.length) row[p] = row[p]! + 1
  }
  return { count: s.count + rows, lossSum: s.lossSum + meanLoss * rows, correct: s.correct + correct, confusion }
}
