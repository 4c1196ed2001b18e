/**
 * The 784-100-10 MLP of the epoch benchmark, trained exactly as a user trains it with the
 * library: `Layer.serial` (dense, ReLU, dense), `Loss.softmaxCrossEntropy`, `Optim.sgd`, and the
 * pure `Train.trainStep` folded over batches of 100.
 *
 * Forward:  Z1 = X·W1 + b1, H = relu(Z1), P = softmax(H·W2 + b2)
 * Backward: Δ2 = (P − Y)/B, ∂W2 = Hᵀ·Δ2, ∂b2 = Σ_rows Δ2, Δ1 = (Δ2·W2ᵀ) ⊙ [Z1 > 0],
 *           ∂W1 = Xᵀ·Δ1, ∂b1 = Σ_rows Δ1;  θ ← θ − η·∂θ
 */
import { gunzipSync } from 'node:zlib'
import { existsSync, readFileSync } from 'node:fs'
import { Layer, Loss, Optim, Random, Tensor as T, Train } from '../../src/index.js'

const net = Layer.serial(Layer.input(784), Layer.dense(100), Layer.relu(), Layer.dense(10))
type NetParams = ReturnType<typeof net.init>

/** The training state: parameters, SGD state, key and step. */
export type Params = Train.TrainState<NetParams, Optim.SgdState>

export interface Data {
  readonly source: string
  readonly x: Float32Array // n × 784, in [0, 1]
  readonly labels: Int32Array
  readonly n: number
}

const lcg = (seed: number): (() => number) => {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** Real MNIST training images from /work/shared/data/mnist when present, else synthetic of the same size. */
export const loadData = (dir: string): Data => {
  const images = `${dir}/train-images-idx3-ubyte.gz`
  const labelsFile = `${dir}/train-labels-idx1-ubyte.gz`
  if (existsSync(images) && existsSync(labelsFile)) {
    const img = gunzipSync(readFileSync(images))
    const lab = gunzipSync(readFileSync(labelsFile))
    const n = lab.readUInt32BE(4)
    const x = new Float32Array(n * 784)
    for (let i = 0; i < x.length; i++) x[i] = img[16 + i]! / 255
    return { source: `MNIST (${dir})`, x, labels: Int32Array.from(lab.subarray(8, 8 + n)), n }
  }
  const rnd = lcg(7)
  const n = 60000
  return { source: 'synthetic, MNIST-sized', x: Float32Array.from({ length: n * 784 }, rnd), labels: Int32Array.from({ length: n }, () => Math.floor(rnd() * 10)), n }
}

/** He-initialised parameters from a fixed seed. */
export const initParams = (seed = 1): Params => {
  const [kInit, kTrain] = Random.split(Random.key(seed))
  return Train.initState(net.init(kInit), Optim.sgd<NetParams>(0.1), kTrain)
}

/** Batches of 100 in a fixed shuffled order: [x, one-hot y] for batch index b. */
export const shuffled = (n: number, seed = 3): Int32Array => {
  const rnd = lcg(seed)
  const order = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

export const batcher = (data: Data, order = shuffled(data.n), batch = 100): ((b: number) => readonly [T.Tensor<[number, 784]>, T.Tensor<[number, 10]>]) => {
  const all = T.fromArray([data.n, 784] as [number, 784], data.x)
  const y = T.oneHot(data.labels, 10)
  if (all._tag === 'Left' || y._tag === 'Left') throw new Error('bad data')
  return (b) => {
    const idx = order.subarray(b * batch, (b + 1) * batch)
    return [T.gatherRows(all.right, idx), T.gatherRows(y.right, idx)]
  }
}

/** Train `batches` batches of one epoch (a fold of the pure step); returns the final state. */
export const trainBatches = (p0: Params, next: ReturnType<typeof batcher>, batches: number, lr = 0.1): Params => {
  const step = Train.trainStep(net, Loss.softmaxCrossEntropy, Optim.sgd<NetParams>(lr))
  const stream = { *[Symbol.iterator]() { for (let b = 0; b < batches; b++) { const [x, y] = next(b); yield { x, y } } } }
  return Train.fold(step, p0)(stream)
}

/** Accuracy on the first `n` samples (a sanity check that training trains). */
export const accuracy = (p: Params, data: Data, n = 10000): number => {
  const x = T.fromArray([n, 784] as [number, 784], data.x.subarray(0, n * 784))
  if (x._tag === 'Left') return NaN
  const pred = T.argmax(net.forward(p.params, x.right, Layer.evalCtx)[0])
  let hit = 0
  for (let i = 0; i < n; i++) hit += pred[i] === data.labels[i] ? 1 : 0
  return hit / n
}
