/**
 * The MNIST classifier shared by `npm run mnist` and `npm run predict`: a ReLU MLP
 * 784 → hidden… → 10, described in the checkpoint's metadata so that a saved model can be
 * rebuilt, and a checkpoint of any other network is refused with a clear message.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Optim, Random, Train } from '../../src/index.js'
import { maxWidth } from './limits.js'
import { cnnNetwork, cnnParameterShapes } from './mnist-cnn.js'

export type OptimizerName = 'sgd' | 'momentum' | 'adam'
export const optimizerNames: ReadonlyArray<OptimizerName> = ['sgd', 'momentum', 'adam']

/** What the checkpoint records about the network (JSON in the `network` metadata field). */
export type MnistModel =
  | { readonly model: 'mnist-mlp'; readonly hidden: ReadonlyArray<number>; readonly optimizer: OptimizerName }
  | { readonly model: 'mnist-cnn'; readonly filters: ReadonlyArray<number>; readonly optimizer: OptimizerName; readonly batchNorm?: boolean }

/** An MLP's description (what the browser demo trains and loads). */
export type MlpModel = Extract<MnistModel, { readonly model: 'mnist-mlp' }>

/** Parse a checkpoint's `network` description where only an MLP will do: a CNN's is refused, naming its shapes. */
export const parseModel = (network: string): E.Either<string, MlpModel> =>
  E.flatMap((m: MnistModel) => (m.model === 'mnist-mlp' ? E.right(m) : E.left(`the checkpoint holds ${describeShapes(m)}, not an MLP (first weights [784, W1] on vectors [number, 784])`)))(
    parseMnistModel(network)
  )

/** The network a description names (both take [number, 784] and give [number, 10] logits). */
export const networkOf = (m: MnistModel): MnistNetwork => (m.model === 'mnist-cnn' ? cnnNetwork(m.filters, m.batchNorm === true) : mnistNetwork(m.hidden))

/** The model with the shapes that tell the kinds apart: what it takes and its first weights. */
export const describeShapes = (m: MnistModel): string =>
  m.model === 'mnist-cnn'
    ? `a ${showModel(m)} (first weights [${m.filters[0]}, 1, 3, 3] on images [number, 1, 28, 28])`
    : `an ${showModel(m)} (first weights [784, ${m.hidden[0] ?? 10}] on vectors [number, 784])`

/** How people call the model: `MLP 784-512-256-10` or `CNN conv16-conv32-128-10`. */
export const showModel = (m: MnistModel): string =>
  m.model === 'mnist-cnn' ? `CNN conv${m.filters.join('-conv')}-128-10${m.batchNorm === true ? ' with batch norm' : ''}` : `MLP ${[784, ...m.hidden, 10].join('-')}`

export const describeModel = (m: MnistModel): string => JSON.stringify(m)

/** Parse a checkpoint's `network` description, an MLP's or a CNN's; anything else is a `Left` saying what it is. */
export const parseMnistModel = (network: string): E.Either<string, MnistModel> => {
  let v: unknown
  const not = `the checkpoint is of network ${Train.quoteText(network)}, not an MNIST MLP or CNN saved by npm run mnist`
  try {
    v = JSON.parse(network)
  } catch {
    return E.left(not)
  }
  // cast: a JSON value read field by field below, each field checked before use
  const m = v as { model?: unknown; hidden?: unknown; filters?: unknown; optimizer?: unknown; batchNorm?: unknown }
  const layers = m.model === 'mnist-cnn' ? m.filters : m.hidden
  const limit = m.model === 'mnist-cnn' ? 2 : maxHiddenLayers
  if ((m.model === 'mnist-mlp' || m.model === 'mnist-cnn') && Array.isArray(layers) && (layers.length > limit || layers.some((w) => !(Number(w) <= maxWidth)))) {
    const shown = layers.slice(0, 4).map((w: unknown) => (typeof w === 'number' ? String(w) : Train.quoteText(String(w), 20))).join(', ')
    const what = m.model === 'mnist-cnn' ? `filters [${shown}${layers.length > 4 ? ', …' : ''}] beyond the limits (2 convolutions of at most ${maxWidth} filters)` : `hidden layers [${shown}${layers.length > 4 ? ', …' : ''}] beyond the limits (at most ${maxHiddenLayers} layers of width at most ${maxWidth})`
    return E.left(`the checkpoint describes ${what}`)
  }
  const widths = (w: unknown): boolean => Array.isArray(w) && w.every((x) => Number.isInteger(x) && x > 0 && x <= maxWidth)
  const ok =
    ((m.model === 'mnist-mlp' && widths(m.hidden) && Array.isArray(m.hidden) && m.hidden.length <= maxHiddenLayers) ||
      (m.model === 'mnist-cnn' && widths(m.filters) && Array.isArray(m.filters) && m.filters.length === 2 && (m.batchNorm === undefined || typeof m.batchNorm === 'boolean'))) &&
    optimizerNames.includes(m.optimizer as OptimizerName)
  return ok ? E.right(m as MnistModel) : E.left(not)
}

/** The most hidden layers a described MNIST MLP may have (widths are at most `maxWidth`, as for --hidden). */
export const maxHiddenLayers = 100

/** The shapes of the parameters of 784 → hidden… → 10 (weights [in, out], biases [out]), computed without building it. */
export const mnistParameterShapes = (hidden: ReadonlyArray<number>): ReadonlyArray<ReadonlyArray<number>> => {
  const widths = [784, ...hidden, 10]
  return widths.slice(1).flatMap((w, i) => [[widths[i]!, w], [w]])
}

/** The parameter shapes of a described model (MLP or CNN), computed without building it. */
export const modelParameterShapes = (m: MnistModel): ReadonlyArray<ReadonlyArray<number>> =>
  m.model === 'mnist-cnn' ? cnnParameterShapes(m.filters, m.batchNorm === true) : mnistParameterShapes(m.hidden)

/** 784 → (dense, ReLU) per hidden width → dense 10 (logits; softmax lives in the loss). */
export const mnistNetwork = (hidden: ReadonlyArray<number>) =>
  Layer.serialOf(Layer.input(784), [...hidden.flatMap((w) => [Layer.dense(w), Layer.relu()]), Layer.dense(10)])

export type MnistNetwork = ReturnType<typeof mnistNetwork>
export type MnistParams = ReturnType<MnistNetwork['init']>
/** Its non-trained state: the running statistics of batch norm, `undefined` for a network without. */
export type MnistState = Layer.StateOf<MnistNetwork>

/** The learning rate, decayed to 0 along a cosine over the whole run. */
export const cosineRate = (learningRate: number, totalSteps: number): Optim.Schedule =>
  Optim.cosineDecay({ initValue: learningRate, decaySteps: Math.max(1, totalSteps) })

/**
 * Run `use` with the named optimizer. The optimizers' states differ in type, so the choice is a
 * dispatch to a function generic in the state, rather than a value of a union type.
 */
export const withOptimizer = <A>(
  name: OptimizerName,
  learningRate: Optim.ScalarOrSchedule,
  use: <S>(tx: Optim.GradientTransformation<MnistParams, S>) => A
): A =>
  name === 'adam'
    ? use(Optim.adam<MnistParams>(learningRate))
    : name === 'momentum'
      ? use(Optim.momentum<MnistParams>(learningRate, 0.9))
      : use(Optim.sgd<MnistParams>(learningRate))

/** The first key of a run: parameters are drawn from it, the rest of training from the second. */
// (split here rather than through small-mlp.ts, whose CLI helpers are Node-only: the demo's worker imports this module)
export const runKeys = (seed: number): readonly [Random.Key, Random.Key, Random.Key] => {
  const [a, b, c] = Random.splitN(Random.key(seed), 3)
  return [a!, b!, c!]
}

/** A template training state of a described model (with the network's state, batch norm's running statistics, when it has one): what a checkpoint is loaded against. */
export const templateState = <S>(net: MnistNetwork, tx: Optim.GradientTransformation<MnistParams, S>): Train.TrainState<MnistParams, S, MnistState> =>
  Train.initState(net.init(Random.key(0)), tx, Random.key(0), Layer.initialState(net))
