/**
 * The MLPs of the epoch benchmark (784-100-10, and 784-512-256-10 in `mlps`), trained exactly as a
 * user trains them with the library: `Layer.serial` (dense, ReLU, dense), `Loss.softmaxCrossEntropy`,
 * `Optim.sgd`, and `Train.fit` (the pure step folded over batches of 100, or 128).
 *
 * Forward:  Z1 = X·W1 + b1, H = relu(Z1), P = softmax(H·W2 + b2)
 * Backward: Δ2 = (P − Y)/B, ∂W2 = Hᵀ·Δ2, ∂b2 = Σ_rows Δ2, Δ1 = (Δ2·W2ᵀ) ⊙ [Z1 > 0],
 *           ∂W1 = Xᵀ·Δ1, ∂b1 = Σ_rows Δ1;  θ ← θ − η·∂θ
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Loss, Optim, Random, Tensor as T, Train } from '../../src/index.js'
import { loadMnist } from '../lib/data-files.js'

const net = Layer.serial(Layer.input(784), Layer.dense(100), Layer.relu(), Layer.dense(10))
type NetParams = ReturnType<typeof net.init>
const wideNet = Layer.serial(Layer.input(784), Layer.dense(512), Layer.relu(), Layer.dense(256), Layer.relu(), Layer.dense(10))

/** The training state: parameters, SGD state, key and step. */
export type Params = Train.TrainState<NetParams, Optim.SgdState>

export interface Data {
  readonly source: string
  readonly images: T.Tensor<[number, 784]> // in [0, 1]
  readonly labels: Int32Array
  readonly n: number
}

/** Real MNIST training images from `dir` (through `Data.decodeMnist`) when present, else synthetic of the same size. */
export const loadData = (dir: string): Data => {
  const m = loadMnist({ dataDir: dir })
  if (E.isRight(m)) {
    const { images, labels, count } = m.right.train
    return { source: `MNIST (${dir})`, images, labels: Int32Array.from(labels), n: count }
  }
  const n = 60000
  const k = Random.key(7)
  const images = Random.uniform(Random.foldIn(k, 0), [n, 784] as [number, 784])
  const kLabels = Random.foldIn(k, 1)
  return { source: 'synthetic, MNIST-sized', images, labels: Int32Array.from({ length: n }, (_, i) => Math.floor(Random.unit(kLabels, i) * 10)), n }
}

/** He-initialised parameters from a fixed seed. */
export const initParams = (seed = 1): Params => {
  const [kInit, kTrain] = Random.split(Random.key(seed))
  return Train.initState(net.init(kInit), Optim.sgd<NetParams>(0.1), kTrain)
}

/** A fixed shuffled order of the samples, from a key (`Random.permutation`). */
export const shuffled = (n: number, seed = 3): Int32Array => Random.permutation(Random.key(seed), n)

/** Batches of `batch` in that order: [x, one-hot y] for batch index b. */
export const batcher = (data: Data, order = shuffled(data.n), batch = 100): ((b: number) => readonly [T.Tensor<[number, 784]>, T.Tensor<[number, 10]>]) => {
  const y = T.oneHot(data.labels, 10)
  if (y._tag === 'Left') throw new Error(`bad labels: ${y.left.message}`)
  return (b) => {
    const idx = order.subarray(b * batch, (b + 1) * batch)
    return [T.gatherRows(data.images, idx), T.gatherRows(y.right, idx)]
  }
}

/**
 * Train `epochs` passes of `batches` batches each (the same batches every pass) with `Train.fit`,
 * starting from `p0`; `onEpoch` is told after each pass. Returns the final state.
 */
export const trainEpochs = (p0: Params, next: ReturnType<typeof batcher>, batches: number, epochs: number, onEpoch?: (epoch: number) => void, lr = 0.1): Params =>
  fitPasses(net, p0, next, batches, epochs, 100, onEpoch, lr)

/** Train `batches` batches of one epoch (a fold of the pure step, through Train.fit); returns the final state. */
export const trainBatches = (p0: Params, next: ReturnType<typeof batcher>, batches: number, lr = 0.1): Params =>
  trainEpochs(p0, next, batches, 1, undefined, lr)

/** One of the epoch bench's networks: its name, SGD learning rate, batch size, and a trainer. */
export interface Mlp {
  readonly name: string
  readonly lr: number
  readonly batch: number
  /** A trainer on `data` in a fixed shuffled order: each call trains `batches` batches (one pass) further. */
  readonly trainer: (data: Data) => { readonly pass: (batches: number) => void; readonly accuracy: () => number }
}

const mlpOf = <P, Tp>(name: string, network: Layer.Layer<[number, 784], [number, 10], P, Tp>, lr: number, batch: number): Mlp => ({
  name,
  lr,
  batch,
  trainer: (data) => {
    const y = T.oneHot(data.labels, 10)
    if (E.isLeft(y)) throw new Error(`bad labels: ${y.left.message}`)
    const [kInit, kTrain] = Random.split(Random.key(1))
    let p: Train.TrainState<P, Optim.SgdState> = Train.initState(network.init(kInit), Optim.sgd<P>(lr), kTrain)
    // A pass of fewer batches than an epoch trains on the first rows only (cut once, not per pass).
    const firstRows = (rows: number) => (rows >= data.n ? { x: data.images, y: y.right } : { x: T.sliceRows(data.images, 0, rows), y: T.sliceRows(y.right, 0, rows) })
    let cut = firstRows(data.n)
    return {
      pass: (batches) => {
        if (cut.x.shape[0] !== Math.min(data.n, batches * batch)) cut = firstRows(batches * batch)
        p = fitTensors(network, p, cut, batch, lr)
      },
      accuracy: () => accuracyOf(network, p.params, data)
    }
  }
})

// As a user trains: fit is given the tensors and cuts its own shuffled batches (one epoch per call,
// the key's first epoch each time, so every pass sees the same batches). Because fit made those
// batches and handed them to no one, it gives their memory back after each step (src/tensor/pool.ts).
const fitTensors = <P, Tp>(
  network: Layer.Layer<[number, 784], [number, 10], P, Tp>,
  p0: Train.TrainState<P, Optim.SgdState>,
  data: { readonly x: T.Tensor<[number, 784]>; readonly y: T.Tensor<[number, 10]> },
  batch: number,
  lr: number
): Train.TrainState<P, Optim.SgdState> => {
  const fitted = Train.fit(network, Loss.softmaxCrossEntropy, Optim.sgd<P>(lr), data, { epochs: 1, batch, key: Random.key(3), initial: p0, dropLast: true })
  if (E.isLeft(fitted)) throw new Error(fitted.left.message)
  return fitted.right.state
}

/** The two networks of issue 13: 784-100-10 (SGD 0.1, batch 100) and 784-512-256-10 (SGD 0.05, batch 128). */
export const mlps: ReadonlyArray<Mlp> = [mlpOf('784-100-10', net, 0.1, 100), mlpOf('784-512-256-10', wideNet, 0.05, 128)]

const fitPasses = <P, Tp>(
  network: Layer.Layer<[number, 784], [number, 10], P, Tp>,
  p0: Train.TrainState<P, Optim.SgdState>,
  next: ReturnType<typeof batcher>,
  batches: number,
  epochs: number,
  batch: number,
  onEpoch: ((epoch: number) => void) | undefined,
  lr: number
): Train.TrainState<P, Optim.SgdState> => {
  const stream = { *[Symbol.iterator]() { for (let b = 0; b < batches; b++) { const [x, y] = next(b); yield { x, y } } } }
  const observer = onEpoch === undefined ? {} : { epoch: (e: { readonly epoch: number }) => onEpoch(e.epoch) }
  const fitted = Train.fit(network, Loss.softmaxCrossEntropy, Optim.sgd<P>(lr), () => stream, { epochs, batch, key: p0.key, initial: p0, observer })
  if (E.isLeft(fitted)) throw new Error(fitted.left.message)
  return fitted.right.state
}

const accuracyOf = <P, Tp>(network: Layer.Layer<[number, 784], [number, 10], P, Tp>, params: P, data: Data, n = 10000): number => {
  const pred = T.argmax(network.forward(params, T.sliceRows(data.images, 0, n), Layer.evalCtx)[0])
  let hit = 0
  for (let i = 0; i < n; i++) hit += pred[i] === data.labels[i] ? 1 : 0
  return hit / n
}

/** Accuracy on the first `n` samples (a sanity check that training trains). */
export const accuracy = (p: Params, data: Data, n = 10000): number => {
  const pred = T.argmax(net.forward(p.params, T.sliceRows(data.images, 0, n), Layer.evalCtx)[0])
  let hit = 0
  for (let i = 0; i < n; i++) hit += pred[i] === data.labels[i] ? 1 : 0
  return hit / n
}
