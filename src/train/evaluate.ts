/**
 * Evaluation as a fold over batches, in eval mode: the mean loss over all rows (each batch's
 * mean loss weighted by its rows, so a smaller last batch counts for what it holds), accuracy,
 * and the confusion matrix C, where C[actual][predicted] counts rows. Predicted and actual
 * classes are the argmax of each row of the prediction and of the target, which is one-hot (or
 * class probabilities) with the prediction's shape.
 *
 * @since 0.1.0
 */
import * as R from '../random/index.js'
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
 * import { Train } from 'kanzen'
 * // const e = Train.evaluation(net, loss, 10)(params); Train.fold(e.step, e.init)(batches)
 * assert.ok(typeof Train.evaluation === 'function')
 *
 * @category operations
 * @since 0.1.0
 */
export const evaluation =
  <I extends T.Shape, O extends Rows2, P, Tp, D extends T.DType = 'float32'>(
    net: Model<I, O, P, Tp, D>,
    loss: LossFunction<O, T.Tensor<O, D>, D>,
    classes: number
  ) =>
  (params: P) => ({
    init: {
      count: 0,
      lossSum: 0,
      correct: 0,
      confusion: Array.from({ length: classes }, () => Array<number>(classes).fill(0))
    } as EvalSums,
    step: (sums: EvalSums, batch: Batch<T.Tensor<I, D>, T.Tensor<O, D>>): EvalSums => {
      // Eval mode draws nothing at random; the key is there because the signature has one.
      const [yHat] = net.forward(params, batch.x, { key: evalKey, mode: 'eval' })
      const rows = yHat.shape[0]
      return addBatch(sums, rows, loss(yHat, batch.y).value, T.argmax(batch.y), T.argmax(yHat))
    },
    done: (s: EvalSums): Metrics => ({
      count: s.count,
      loss: s.count === 0 ? Number.NaN : s.lossSum / s.count,
      accuracy: s.count === 0 ? Number.NaN : s.correct / s.count,
      confusion: s.confusion
    })
  })

/**
 * Evaluate parameters on a stream of batches (a Promise for an async stream).
 *
 * @example
 * import { Train } from 'kanzen'
 * // const m = Train.evaluate(net, loss, 10)(params)(testBatches); m.accuracy
 * assert.ok(typeof Train.evaluate === 'function')
 *
 * @category operations
 * @since 0.1.0
 */
export const evaluate =
  <I extends T.Shape, O extends Rows2, P, Tp, D extends T.DType = 'float32'>(
    net: Model<I, O, P, Tp, D>,
    loss: LossFunction<O, T.Tensor<O, D>, D>,
    classes: number
  ) =>
  (params: P) => {
    const e = evaluation(net, loss, classes)(params)
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

const evalKey = /*#__PURE__*/ R.key(0)

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
