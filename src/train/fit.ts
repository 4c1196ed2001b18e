/**
 * `fit`: training as a fold over epochs, each epoch a fold of the guarded step over its batches.
 *
 *   [kInit, kData, kTrain] = splitN(key, 3)
 *   s₀ = initState(net.init(kInit), tx, kTrain, initialState(net))   (or `options.initial`)
 *   sₑ = foldEither(trainStepChecked(net, loss, tx), sₑ₋₁)(batches(kData, e))   for e = 1 … epochs
 *   historyₑ = record(e, sₑ.step, { trainLoss, validLoss?, validAccuracy? })(historyₑ₋₁)
 *
 * stopping early when `shouldStop(earlyStopping)(history)` (and then, with `restoreBest`, handing
 * back the state of the best epoch), and at the first non-finite loss or gradient, as
 * `trainStepChecked` does. Nothing is kept between calls: the run is a function of the key, the
 * data and the options, and the accumulators live inside this one call. The optional observer is
 * told about every batch and every epoch; the library itself never prints or times anything.
 *
 * `trainLoss` is the mean over the epoch's rows of each batch's loss before its update (the loss
 * the step reports), each batch weighted by its rows.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as R from '../random/index.js'
import type * as Opt from '../optim/index.js'
import * as T from '../tensor/index.js'
import * as L from '../layers/index.js'
import * as Tr from '../tree/index.js'
import type { Batch, LossFunction } from './model.js'
import type { TrainState } from './state.js'
import { initState } from './state.js'
import type { GuardError } from './guard.js'
import { trainStepChecked } from './guard.js'
import type { AnyIterable } from './fold.js'
import { isAsync } from './fold.js'
import { batch as batchOf, batchesAhead, dataset } from './dataset.js'
import { evaluate } from './evaluate.js'
import type { History } from './history.js'
import { record } from './history.js'
import type { EarlyStopping } from './early-stopping.js'
import { isBest, shouldStop } from './early-stopping.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type Rows2 = readonly [number, number]

/**
 * In-memory training data: inputs of the network's input shape and targets of its output shape
 * and dtype (one-hot rows for a classifier). `fit` shuffles and batches them every epoch.
 *
 * @category model
 * @since 0.2.0
 */
export interface FitTensors<I extends T.Shape, O extends T.Shape, D extends T.DType = 'float32'> {
  readonly x: T.Tensor<I, D>
  readonly y: T.Tensor<O, D>
}

/**
 * Data as a stream: the batches of epoch `epoch` (1-based), drawn from `key` (the data key of
 * the run). An `AsyncIterable` makes `fit` return a `Promise`.
 *
 * @category model
 * @since 0.2.0
 */
export type EpochStream<I extends T.Shape, O extends T.Shape, D extends T.DType, It> = (
  key: R.Key,
  epoch: number
) => It & AnyIterable<Batch<T.Tensor<I, D>, T.Tensor<O, D>>>

/** What a progress observer hears after every step: a `BatchEvent` without the state. @category model @since 0.3.0 */
export type BatchProgress = Omit<BatchEvent<unknown, unknown>, 'state'>

/** What the observer hears after every step. @category model @since 0.2.0 */
export interface BatchEvent<P, S, St = L.NoState> {
  readonly epoch: number
  readonly epochs: number
  /** 1-based, within the epoch. */
  readonly step: number
  /** Steps per epoch, when the data are tensors (unknown for a stream). */
  readonly steps: number | undefined
  /** Rows in this batch, and in the epoch so far. */
  readonly rows: number
  readonly samples: number
  /** The loss of this batch (before its update). */
  readonly loss: number
  readonly state: TrainState<P, S, St>
}

/** What the observer hears after every epoch (after validation). @category model @since 0.2.0 */
export interface EpochEvent<P, S, St = L.NoState> {
  readonly epoch: number
  readonly epochs: number
  readonly history: History
  readonly state: TrainState<P, S, St>
}

/**
 * Told about each batch and each epoch, for progress bars and logs in scripts. Its return value
 * is ignored; it cannot change the run.
 *
 * @category model
 * @since 0.2.0
 */
export interface FitObserver<P, S, St = L.NoState> {
  readonly batch?: (event: BatchEvent<P, S, St>) => void
  /**
   * Like `batch` without the state (a progress bar needs only the loss and the counts). With
   * `progress` and no `batch`, no step's state leaves fit before its epoch ends, so fit can reuse
   * the memory of each state once the next step has replaced it (see `stepOver` in fit.ts).
   */
  readonly progress?: (event: BatchProgress) => void
  readonly epoch?: (event: EpochEvent<P, S, St>) => void
}

/**
 * Early stopping for `fit`: the `Train.EarlyStopping` monitor with defaults (metric `validLoss`,
 * mode `min`), and `restoreBest` to return the state of the best epoch instead of the last.
 *
 * @category model
 * @since 0.2.0
 */
export interface FitEarlyStopping extends Partial<Omit<EarlyStopping, 'patience'>> {
  readonly patience: number
  readonly restoreBest?: boolean
}

/**
 * The three keys of a run, when the caller splits them itself: the initial weights, the
 * shuffling of every epoch, and the first training step's key.
 *
 * @category model
 * @since 0.2.0
 */
export interface FitKeys {
  readonly init: R.Key
  readonly data: R.Key
  readonly step: R.Key
}

/**
 * Options of `fit`. `key` is split into the initial weights, the shuffling and the steps' keys
 * (`splitN(key, 3)`, in that order; or give the three as `FitKeys`);
 * `validation` is evaluated after every epoch (`validLoss`, and `validAccuracy` when the network
 * has two or more outputs) in batches of `validationBatch` (default 1000).
 *
 * @category model
 * @since 0.2.0
 */
export interface FitOptions<I extends T.Shape, O extends T.Shape, P, S, D extends T.DType = 'float32', St = L.NoState> {
  readonly epochs: number
  readonly batch: number
  readonly key: R.Key | FitKeys
  /** Drop the last, smaller batch of every epoch (default false). */
  readonly dropLast?: boolean
  readonly validation?: FitTensors<I, O, D>
  readonly validationBatch?: number
  readonly earlyStopping?: FitEarlyStopping
  readonly observer?: FitObserver<P, S, St>
  /** Start from this state (resume) instead of fresh parameters from the key. */
  readonly initial?: TrainState<P, S, St>
}

/**
 * The result: the final state (with `restoreBest`, the best epoch's), the history, the epoch
 * training stopped after, and the best epoch when early stopping watched one.
 *
 * @category model
 * @since 0.2.0
 */
export interface Fitted<P, S, St = L.NoState> {
  readonly state: TrainState<P, S, St>
  readonly history: History
  readonly epochs: number
  readonly stoppedEarly: boolean
  readonly bestEpoch: number | undefined
}

/**
 * Why `fit` did not finish: an option or data that cannot work (named, with the values), or a
 * non-finite loss or gradient (with the last finite state and the history up to it).
 *
 * @category model
 * @since 0.2.0
 */
export type FitError<P, S, St = L.NoState> =
  | { readonly _tag: 'FitOptionError'; readonly option: string; readonly message: string }
  | {
      readonly _tag: 'FitNonFinite'
      readonly error: GuardError
      readonly epoch: number
      readonly state: TrainState<P, S, St>
      readonly history: History
      readonly message: string
    }

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Train `net` on `data` for `options.epochs` epochs: a `Right` of the final state and history,
 * or a `Left` naming the bad option or the non-finite step. Targets take their shape and dtype
 * from the network's output, so 9-wide labels for a 10-output network do not compile.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Layer, Loss, Optim, Random, Tensor, Train } from 'kanzen'
 * const x = Tensor.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]) as Tensor.Tensor<[number, 2]>
 * const y = Tensor.tensor([[1, 0], [0, 1], [0, 1], [0, 1]]) as Tensor.Tensor<[number, 2]>
 * const net = Layer.serial(Layer.input(2), Layer.dense(8), Layer.relu(), Layer.dense(2))
 * const fitted = Train.fit(net, Loss.softmaxCrossEntropy, Optim.adam(0.05), { x, y }, { epochs: 50, batch: 4, key: Random.key(0) })
 * assert.ok(E.isRight(fitted) && fitted.right.history.length === 50 && fitted.right.state.step === 50)
 * const bad = Train.fit(net, Loss.softmaxCrossEntropy, Optim.adam(0.05), { x, y }, { epochs: 0, batch: 4, key: Random.key(0) })
 * assert.ok(E.isLeft(bad) && bad.left.message === 'fit: expected option epochs to be a positive integer, found 0')
 *
 * @category operations
 * @since 0.2.0
 */
export function fit<I extends T.RowShape, O extends Rows2, P, Tp, S, D extends T.DType = 'float32', St = L.NoState>(
  net: L.Layer<I, O, P, Tp, D, St>,
  loss: LossFunction<O, T.Tensor<O, D>, D>,
  tx: Opt.GradientTransformation<P, S>,
  data: FitTensors<I, NoInfer<O>, NoInfer<D>> | EpochStream<I, NoInfer<O>, NoInfer<D>, Iterable<unknown>>,
  options: FitOptions<I, NoInfer<O>, P, S, NoInfer<D>, NoInfer<St>>
): E.Either<FitError<P, S, St>, Fitted<P, S, St>>
export function fit<I extends T.RowShape, O extends Rows2, P, Tp, S, D extends T.DType = 'float32', St = L.NoState>(
  net: L.Layer<I, O, P, Tp, D, St>,
  loss: LossFunction<O, T.Tensor<O, D>, D>,
  tx: Opt.GradientTransformation<P, S>,
  data: EpochStream<I, NoInfer<O>, NoInfer<D>, AsyncIterable<unknown>>,
  options: FitOptions<I, NoInfer<O>, P, S, NoInfer<D>, NoInfer<St>>
): Promise<E.Either<FitError<P, S, St>, Fitted<P, S, St>>>
export function fit<I extends T.RowShape, O extends Rows2, P, Tp, S, D extends T.DType = 'float32', St = L.NoState>(
  net: L.Layer<I, O, P, Tp, D, St>,
  loss: LossFunction<O, T.Tensor<O, D>, D>,
  tx: Opt.GradientTransformation<P, S>,
  data: FitTensors<I, O, D> | EpochStream<I, O, D, AnyIterable<unknown>>,
  options: FitOptions<I, O, P, S, D, St>
): E.Either<FitError<P, S, St>, Fitted<P, S, St>> | Promise<E.Either<FitError<P, S, St>, Fitted<P, S, St>>> {
  const bad = checkOptions(net, data, options)
  if (bad !== undefined) return typeof data === 'function' && isAsyncStream(data, options) ? Promise.resolve(E.left(bad)) : E.left(bad)
  const [kInit, kData, kTrain] = keysOf(options.key)
  const run: Run<I, O, P, S, D, St> = {
    // cast: TargetAt<Loss<O, Tensor<O, D>>, O, D> is Tensor<O, D>; the compiler cannot reduce it for a generic O, D.
    step: trainStepChecked(net, loss, tx) as Run<I, O, P, S, D, St>['step'],
    validate: validator(net, loss, options),
    options,
    stopping: options.earlyStopping === undefined ? undefined : monitorOf(options.earlyStopping),
    init: options.initial ?? freshState(net, tx, kInit, kTrain)
  }
  if (typeof data !== 'function') {
    // checkOptions has checked these tensors and the batch size already, so both are Rights here.
    const d = checked(dataset({ x: data.x, y: data.y }))
    const steps = d.rows / options.batch
    const perEpoch = options.dropLast === true ? Math.floor(steps) : Math.ceil(steps)
    const ahead = batchesAhead(d, options.batch, { dropLast: options.dropLast === true })
    // fit cuts these batches itself and hands them to no one but the step: their arrays are given back too.
    // cast: the dataset's batches are named tensors { x, y }: the x and y given, cut to the batch's rows.
    return fitSync(run, (epoch) => begunAhead(ahead(kData, epoch)) as Iterable<readonly [FitBatch<I, O, D>, T.Allocations]>, perEpoch)
  }
  const first = data(kData, 1)
  if (isAsync(first)) {
    // cast: a stream gives the same kind of iterable every epoch, and isAsync found the first asynchronous.
    return fitAsync(run, (epoch) => (epoch === 1 ? first : data(kData, epoch)) as AsyncIterable<FitBatch<I, O, D>>)
  }
  // cast: likewise, the first epoch's iterable was synchronous, so every epoch's is.
  return fitSync(run, (epoch) => unowned((epoch === 1 ? first : data(kData, epoch)) as Iterable<FitBatch<I, O, D>>), undefined)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type FitBatch<I extends T.Shape, O extends T.Shape, D extends T.DType> = Batch<T.Tensor<I, D>, T.Tensor<O, D>>

interface Run<I extends T.Shape, O extends T.Shape, P, S, D extends T.DType, St> {
  readonly step: (s: TrainState<P, S, St>, b: FitBatch<I, O, D>, i: number) => E.Either<GuardError, TrainState<P, S, St>>
  readonly validate: ((params: P, state: St | undefined) => Readonly<Record<string, number>>) | undefined
  readonly options: FitOptions<I, O, P, S, D, St>
  readonly stopping: (FitEarlyStopping & EarlyStopping) | undefined
  readonly init: TrainState<P, S, St>
}

// Where one epoch ended: its sums so far, or the non-finite step that stopped it. `held`: the large
// arrays made by earlier steps of this epoch that `state` still holds, which fit may give back to the
// allocator once `state` is dead (see `stepOver`).
interface EpochSums<P, S, St> {
  readonly state: TrainState<P, S, St>
  readonly lossSum: number
  readonly rows: number
  readonly held: T.Allocations
}

// The fold over epochs. Its accumulator is `Progress`; each epoch's batches are folded by `stepOver`.
interface Progress<P, S, St> {
  readonly state: TrainState<P, S, St>
  readonly history: History
  readonly best: TrainState<P, S, St> | undefined
  readonly bestEpoch: number | undefined
}

const fitSync = <I extends T.RowShape, O extends T.Shape, P, S, D extends T.DType, St>(
  run: Run<I, O, P, S, D, St>,
  batches: (epoch: number) => Iterable<readonly [FitBatch<I, O, D>, T.Allocations]>,
  steps: number | undefined
): E.Either<FitError<P, S, St>, Fitted<P, S, St>> => {
  let p: Progress<P, S, St> = { state: run.init, history: [], best: undefined, bestEpoch: undefined }
  for (let epoch = 1; epoch <= run.options.epochs; epoch++) {
    let sums: EpochSums<P, S, St> = { state: p.state, lossSum: 0, rows: 0, held: T.noAllocations }
    let i = 0
    for (const [b, cut] of batches(epoch)) {
      const next = stepOver(run, sums, b, i++, epoch, steps, cut)
      if (E.isLeft(next)) return E.left(nonFiniteError(next.left, epoch, sums.state, p.history))
      sums = next.right
    }
    const after = endEpoch(run, p, sums, epoch)
    if (after.stop) return E.right(after.fitted)
    p = after.progress
  }
  return E.right(finish(run, p, false))
}

const fitAsync = async <I extends T.RowShape, O extends T.Shape, P, S, D extends T.DType, St>(
  run: Run<I, O, P, S, D, St>,
  batches: (epoch: number) => AsyncIterable<FitBatch<I, O, D>>
): Promise<E.Either<FitError<P, S, St>, Fitted<P, S, St>>> => {
  let p: Progress<P, S, St> = { state: run.init, history: [], best: undefined, bestEpoch: undefined }
  for (let epoch = 1; epoch <= run.options.epochs; epoch++) {
    let sums: EpochSums<P, S, St> = { state: p.state, lossSum: 0, rows: 0, held: T.noAllocations }
    let i = 0
    for await (const b of batches(epoch)) {
      const next = stepOver(run, sums, b, i++, epoch, undefined)
      if (E.isLeft(next)) return E.left(nonFiniteError(next.left, epoch, sums.state, p.history))
      sums = next.right
    }
    const after = endEpoch(run, p, sums, epoch)
    if (after.stop) return E.right(after.fitted)
    p = after.progress
  }
  return E.right(finish(run, p, false))
}

// One guarded step, its loss added to the epoch's sums, and the observer told.
//
// Memory reuse (src/tensor/pool.ts): the large arrays the step made (tapes, gradients, updates) are
// dead after it, except those the new state holds; so are those of the state before the step when
// fit made that state in this epoch and handed it to no one (no batch observer: an observer hears
// every state and may keep it; the state at an epoch's end goes to validation, the epoch observer
// and early stopping, so each epoch starts with nothing held). fit gives all of those back to the
// allocator. The network, loss and optimizer are pure functions: they keep no tensor they made in
// one call, so nothing else can reach those arrays. A failed step gives nothing back.
const stepOver = <I extends T.RowShape, O extends T.Shape, P, S, D extends T.DType, St>(
  run: Run<I, O, P, S, D, St>,
  sums: EpochSums<P, S, St>,
  b: FitBatch<I, O, D>,
  i: number,
  epoch: number,
  steps: number | undefined,
  cut: T.Allocations = T.noAllocations
): E.Either<GuardError, EpochSums<P, S, St>> => {
  const [result, stepMade] = T.allocations(() => run.step(sums.state, b, i))
  const made = T.joinAllocations(stepMade, cut)
  const observed = run.options.observer?.batch !== undefined
  return E.map((state: TrainState<P, S, St>): EpochSums<P, S, St> => {
    const rows = T.at(b.x.shape, 0)
    const offered = observed ? made : T.joinAllocations(made, sums.held)
    const held = T.recycle(offered, Tr.tensors({ params: state.params, opt: state.opt, state: state.state }))
    const next = { state, lossSum: sums.lossSum + state.loss * rows, rows: sums.rows + rows, held: observed ? T.noAllocations : held }
    const observer = run.options.observer
    if (observer?.batch !== undefined || observer?.progress !== undefined) {
      const progress: BatchProgress = { epoch, epochs: run.options.epochs, step: i + 1, steps, rows, samples: next.rows, loss: state.loss }
      observer.progress?.(progress)
      observer.batch?.({ ...progress, state })
    }
    return next
  })(result)
}

// A caller's stream, each batch with no arrays to give back: the caller may keep its batches.
function* unowned<B>(batches: Iterable<B>): Generator<readonly [B, T.Allocations]> {
  for (const b of batches) yield [b, T.noAllocations] as const
}

// fit's own batches, each with the arrays cutting it made: batch i + 1 is begun before batch i goes
// to its step, so with two native threads its gather runs on the second thread during that step.
// Its arrays are recorded apart from batch i's (a batch's arrays go back to the allocator after its
// own step only). Leaving early (a non-finite step, an exception) still finishes the batch begun.
function* begunAhead<B>(epoch: { readonly count: number; readonly start: (i: number) => () => B }): Generator<readonly [B, T.Allocations]> {
  let next = epoch.count > 0 ? T.allocations(() => epoch.start(0)) : undefined
  try {
    for (let i = 0; i < epoch.count && next !== undefined; i++) {
      const [finish, made] = next
      const b = finish()
      next = i + 1 < epoch.count ? T.allocations(() => epoch.start(i + 1)) : undefined
      yield [b, made] as const
    }
  } finally {
    next?.[0]()
  }
}

// The history gets the epoch's record; early stopping decides whether to go on.
const endEpoch = <I extends T.RowShape, O extends T.Shape, P, S, D extends T.DType, St>(
  run: Run<I, O, P, S, D, St>,
  p: Progress<P, S, St>,
  sums: EpochSums<P, S, St>,
  epoch: number
): { readonly stop: true; readonly fitted: Fitted<P, S, St> } | { readonly stop: false; readonly progress: Progress<P, S, St> } => {
  const state = sums.state
  const metrics = { trainLoss: sums.rows === 0 ? Number.NaN : sums.lossSum / sums.rows, ...run.validate?.(state.params, state.state) }
  const history = record(epoch, state.step, metrics)(p.history)
  const es = run.stopping
  const best = es !== undefined && isBest(es)(history)
  const progress: Progress<P, S, St> = {
    state,
    history,
    best: best ? state : p.best,
    bestEpoch: best ? epoch : p.bestEpoch
  }
  run.options.observer?.epoch?.({ epoch, epochs: run.options.epochs, history, state })
  return es !== undefined && epoch < run.options.epochs && shouldStop(es)(history)
    ? { stop: true, fitted: finish(run, progress, true) }
    : { stop: false, progress }
}

const finish = <I extends T.RowShape, O extends T.Shape, P, S, D extends T.DType, St>(
  run: Run<I, O, P, S, D, St>,
  p: Progress<P, S, St>,
  stoppedEarly: boolean
): Fitted<P, S, St> => ({
  state: run.stopping?.restoreBest === true && p.best !== undefined ? p.best : p.state,
  history: p.history,
  epochs: p.history.length,
  stoppedEarly,
  bestEpoch: p.bestEpoch
})

const nonFiniteError = <P, S, St>(error: GuardError, epoch: number, state: TrainState<P, S, St>, history: History): FitError<P, S, St> => ({
  _tag: 'FitNonFinite',
  error,
  epoch,
  state,
  history,
  message: `fit: epoch ${epoch}: ${error.message}`
})

const validator = <I extends T.RowShape, O extends Rows2, P, Tp, S, D extends T.DType, St>(
  net: L.Layer<I, O, P, Tp, D, St>,
  loss: LossFunction<O, T.Tensor<O, D>, D>,
  options: FitOptions<I, O, P, S, D, St>
): ((params: P, state: St | undefined) => Readonly<Record<string, number>>) | undefined => {
  const v = options.validation
  if (v === undefined) return undefined
  const width = net.outputRow[0] ?? 1
  // checkOptions has checked the validation tensors, and size is at most their rows: both are Rights.
  const d = checked(dataset({ x: v.x, y: v.y }))
  const size = Math.min(options.validationBatch ?? 1000, d.rows)
  // cast: the dataset's batches are named tensors { x, y }: the validation x and y, cut to the batch's rows.
  const batches = checked(batchOf(size)(d)) as Iterable<FitBatch<I, O, D>>
  const run = evaluate(net, loss, width)
  // Validation runs in eval mode on the state the training carried (a stateful layer's running statistics).
  return (params, state): Readonly<Record<string, number>> => {
    const m = run(params, state)(batches)
    return width >= 2 ? { validLoss: m.loss, validAccuracy: m.accuracy } : { validLoss: m.loss }
  }
}

// Fresh parameters from the key, and the network's state before any training (none for most networks).
const freshState = <I extends T.Shape, O extends T.Shape, P, Tp, S, D extends T.DType, St>(
  net: L.Layer<I, O, P, Tp, D, St>,
  tx: Opt.GradientTransformation<P, S>,
  kInit: R.Key,
  kTrain: R.Key
): TrainState<P, S, St> => {
  const fresh = initState(net.init(kInit), tx, kTrain)
  const state = L.initialState(net)
  return state === undefined ? { ...fresh } : { ...fresh, state }
}

// A value checkOptions has made sure of; a Left here would be a bug in that check, and says so.
const checked = <A>(r: E.Either<{ readonly message: string }, A>): A =>
  E.isRight(r) ? r.right : T.failShape('fit', 'data that checkOptions accepted', r.left.message)

const monitorOf = (es: FitEarlyStopping): FitEarlyStopping & EarlyStopping => ({
  ...es,
  metric: es.metric ?? 'validLoss',
  mode: es.mode ?? 'min'
})

const optionError = (option: string, message: string) =>
  ({ _tag: 'FitOptionError', option, message: `fit: ${message}` }) as const

const isPositiveInt = (n: number): boolean => Number.isInteger(n) && n > 0

const rowsOf = (row: T.Shape, dtype: T.DType): string => `[B, ${row.join(', ')}] ${dtype}`

// A tensor whose rows or dtype differ from what the network takes or gives.
const checkTensor = (
  option: string,
  t: T.AnyTensor,
  row: T.Shape,
  dtype: T.DType,
  side: string
): ReturnType<typeof optionError> | undefined =>
  t.shape.length === row.length + 1 && row.every((d, i) => d === t.shape[i + 1]) && t.dtype === dtype
    ? undefined
    : optionError(option, `expected ${option} to be ${rowsOf(row, dtype)} (the network's ${side}), found ${T.showShape(t.shape)} ${t.dtype}`)

const checkTensors = (
  name: string,
  net: L.AnyLayer,
  d: { readonly x: T.AnyTensor; readonly y: T.AnyTensor }
): ReturnType<typeof optionError> | undefined =>
  checkTensor(`${name}.x`, d.x, net.inputRow, net.dtype, 'input') ??
  checkTensor(`${name}.y`, d.y, net.outputRow, net.dtype, 'output') ??
  (d.x.shape[0] !== d.y.shape[0]
    ? optionError(name, `expected ${name}.y to have as many rows as ${name}.x (${d.x.shape[0]}), found ${d.y.shape[0]}`)
    : d.x.shape[0] === 0
      ? optionError(name, `expected ${name} to have at least one row, found 0`)
      : undefined)

// Every option and the data's rows, dtypes and widths, before anything is trained (values are
// checked at run time because `number` dimensions and a cast can hide them from the compiler).
const checkOptions = <I extends T.RowShape, O extends T.Shape, P, S, D extends T.DType, St>(
  net: L.AnyLayer,
  data: FitTensors<I, O, D> | EpochStream<I, O, D, AnyIterable<unknown>>,
  o: FitOptions<I, O, P, S, D, St>
): ReturnType<typeof optionError> | undefined => {
  if (!isPositiveInt(o.epochs)) return optionError('epochs', `expected option epochs to be a positive integer, found ${o.epochs}`)
  if (!isPositiveInt(o.batch)) return optionError('batch', `expected option batch to be a positive integer, found ${o.batch}`)
  if (typeof data !== 'function') {
    const bad = checkTensors('data', net, data)
    if (bad !== undefined) return bad
    const rows = T.at(data.x.shape, 0)
    if (o.batch > rows)
      return optionError('batch', `expected option batch to be at most ${rows} (the rows of data.x), found ${o.batch}`)
  }
  if (o.validation !== undefined) {
    const bad = checkTensors('validation', net, o.validation)
    if (bad !== undefined) return bad
  }
  if (o.validationBatch !== undefined && !isPositiveInt(o.validationBatch))
    return optionError('validationBatch', `expected option validationBatch to be a positive integer, found ${o.validationBatch}`)
  const es = o.earlyStopping
  if (es !== undefined) {
    if (!isPositiveInt(es.patience))
      return optionError('earlyStopping.patience', `expected option earlyStopping.patience to be a positive integer, found ${es.patience}`)
    const metric = es.metric ?? 'validLoss'
    const known = o.validation === undefined ? ['trainLoss'] : ['trainLoss', 'validLoss', 'validAccuracy']
    if (!known.includes(metric))
      return optionError(
        'earlyStopping.metric',
        `expected option earlyStopping.metric to be one of ${known.join(', ')}${o.validation === undefined ? ' (no validation data given)' : ''}, found ${metric}`
      )
  }
  return undefined
}

// A stream whose first epoch is async; asked only to return a bad option in the right shape.
const isAsyncStream = <I extends T.RowShape, O extends T.Shape, P, S, D extends T.DType, St>(
  data: EpochStream<I, O, D, AnyIterable<unknown>>,
  o: FitOptions<I, O, P, S, D, St>
): boolean => isAsync(data(keysOf(o.key)[1], 1))

const keysOf = (key: R.Key | FitKeys): readonly [R.Key, R.Key, R.Key] => {
  if ('init' in key) return [key.init, key.data, key.step]
  // splitN(key, 3) gives exactly three keys; the defaults only satisfy the index type.
  const [init = key, data = key, step = key] = R.splitN(key, 3)
  return [init, data, step]
}
