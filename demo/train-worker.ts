/**
 * The Web Worker of page "train": loads the bundled MNIST subset, trains a 784 → 128 ReLU → 10
 * network with the library (Train.trainStep folded over shuffled batches, Adam) on the
 * WebAssembly kernels, and reports the loss and the test accuracy. Training runs in chunks of a
 * few batches, giving the event loop a turn between chunks so that "stop" and "predict" are
 * answered while it trains. It also predicts drawn digits and loads checkpoints of npm run mnist.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Data, Layer, Loss, Optim, Random, Tensor, Train } from '../src/index.js'
import { mnistNetwork, parseModel, templateState, withOptimizer } from '../scripts/lib/mnist-model.js'
import type { MnistNetwork, MnistParams, MnistState } from '../scripts/lib/mnist-model.js'
import type { FromWorker, ToWorker } from './protocol.js'

interface Scope {
  postMessage(message: FromWorker): void
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null
}
const scope = self as unknown as Scope
const post = (m: FromWorker): void => scope.postMessage(m)

const HIDDEN = 128
const BATCH = 64
const CHUNK = 10 // batches between reports
const LEARNING_RATE = 1e-3

// -------------------------------------------------------------------------------------
// data
// -------------------------------------------------------------------------------------

const fetchGz = async (file: string): Promise<Uint8Array> => {
  const res = await fetch(file)
  if (!res.ok || res.body === null) throw new Error(`${file}: HTTP ${res.status}`)
  return new Uint8Array(await new Response(res.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer())
}

const loadSplit = async (split: 'train' | 'test'): Promise<Data.Mnist> => {
  const [images, labels] = await Promise.all([fetchGz(`mnist/${split}-images.idx.gz`), fetchGz(`mnist/${split}-labels.idx.gz`)])
  const m = Data.decodeMnist(images, labels)
  if (E.isLeft(m)) throw new Error(`mnist/${split}: ${Data.showDataErrors(m.left)}`)
  return m.right
}

// -------------------------------------------------------------------------------------
// the model in use (trained here, or loaded)
// -------------------------------------------------------------------------------------

interface Model {
  readonly net: MnistNetwork
  readonly params: MnistParams
}

const accuracyOf = (model: Model, test: Data.Mnist): number => {
  const [logits] = model.net.forward(model.params, test.images, Layer.evalCtx)
  const predicted = Tensor.argmax(logits)
  let correct = 0
  for (let i = 0; i < test.count; i++) if (predicted[i] === test.labels[i]) correct++
  return correct / test.count
}

// -------------------------------------------------------------------------------------
// training
// -------------------------------------------------------------------------------------

const net = mnistNetwork([HIDDEN])
const tx = Optim.adam<MnistParams>(LEARNING_RATE)
const step = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)
type State = Train.TrainState<MnistParams, ReturnType<typeof tx.init>, Layer.StateOf<typeof net>>

let data: { train: Data.Mnist; test: Data.Mnist } | undefined
let state: State | undefined
let batches: Iterator<{ x: Tensor.Tensor<[number, 784]>; y: Tensor.Tensor<[number, 10]> }> | undefined
let epoch = 1
let running = false
let trainedSeconds = 0
let current: Model | undefined

const prepare = async (): Promise<void> => {
  if (data !== undefined) return
  const [train, test] = await Promise.all([loadSplit('train'), loadSplit('test')])
  data = { train, test }
  // Choose the backend now (WebAssembly SIMD, else the JavaScript kernel) so the page can say which runs.
  const status = Tensor.selectKernels('auto', { threads: 1 })
  post({ type: 'ready', kernels: status.active, fallback: status.fallbackReason, train: train.count, test: test.count })
}

function* allBatches(d: Data.Mnist): Generator<{ x: Tensor.Tensor<[number, 784]>; y: Tensor.Tensor<[number, 10]> }> {
  const y = E.getOrElseW((e: { message: string }) => {
    throw new Error(e.message)
  })(Tensor.oneHot(d.labels, 10))
  const ds = Train.dataset({ x: d.images, y })
  if (E.isLeft(ds)) throw new Error(ds.left.message)
  const epochOf = Train.epochs(BATCH)(ds.right)
  if (E.isLeft(epochOf)) throw new Error(epochOf.left.message)
  const kData = Random.key(1)
  for (;;) {
    yield* epochOf.right(kData, epoch)
    epoch++
  }
}

const chunk = (): void => {
  if (!running || data === undefined || state === undefined || batches === undefined) return
  const t0 = performance.now()
  let lossSum = 0
  for (let i = 0; i < CHUNK; i++) {
    const b = batches.next()
    if (b.done === true) break
    state = step(state, b.value)
    lossSum += state.loss
  }
  trainedSeconds += (performance.now() - t0) / 1000
  current = { net, params: state.params }
  post({ type: 'progress', step: state.step, epoch, loss: lossSum / CHUNK, accuracy: accuracyOf(current, data.test), seconds: trainedSeconds })
  setTimeout(chunk, 0)
}

const start = async (): Promise<void> => {
  await prepare()
  if (data === undefined) return
  if (state === undefined) {
    state = Train.initState(net.init(Random.key(0)), tx, Random.key(2))
    batches = allBatches(data.train)
  }
  running = true
  chunk()
}

// -------------------------------------------------------------------------------------
// prediction and loading
// -------------------------------------------------------------------------------------

const predict = (pixels: Float32Array): void => {
  if (current === undefined) return post({ type: 'error', message: 'noModel' })
  const x = E.getOrElseW((e: { message: string }) => {
    throw new Error(e.message)
  })(Tensor.fromArray([1, 784] as [number, 784], Array.from(pixels)))
  const [logits] = current.net.forward(current.params, x, Layer.evalCtx)
  post({ type: 'prediction', probabilities: Array.from(Tensor.softmax(logits).data) })
}

const load = async (name: string, bytes: Uint8Array): Promise<void> => {
  const header = Train.decodeSafeTensors(bytes)
  if (E.isLeft(header)) return post({ type: 'error', message: `${name}: ${header.left.message}` })
  const network = header.right.metadata['network'] ?? ''
  const model = parseModel(network)
  if (E.isLeft(model)) return post({ type: 'error', message: `${name}: ${model.left}` })
  const loadedNet = mnistNetwork(model.right.hidden)
  const params = withOptimizer(model.right.optimizer, 1e-3, (otx) =>
    E.map((s: Train.TrainState<MnistParams, unknown, MnistState>) => s.params)(Train.loadCheckpoint(network, templateState(loadedNet, otx))(bytes))
  )
  if (E.isLeft(params)) return post({ type: 'error', message: `${name}: ${params.left.message}` })
  running = false
  current = { net: loadedNet, params: params.right }
  await prepare()
  post({ type: 'loaded', name, network: loadedNet.name, accuracy: data === undefined ? NaN : accuracyOf(current, data.test) })
}

scope.onmessage = (e) => {
  const m = e.data
  const guard = (p: Promise<void> | void) =>
    Promise.resolve(p).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
  if (m.type === 'start') void guard(start())
  else if (m.type === 'resume') {
    if (state !== undefined) current = { net, params: state.params }
    void guard(start())
  } else if (m.type === 'stop') {
    running = false
    post({ type: 'stopped' })
  } else if (m.type === 'predict') void guard(predict(m.pixels))
  else void guard(load(m.name, m.bytes))
}
