/**
 * The MNIST classifier shared by `npm run mnist` and `npm run predict`: a ReLU MLP
 * 784 → hidden… → 10, described in the checkpoint's metadata so that a saved model can be
 * rebuilt, and a checkpoint of any other network is refused with a clear message.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Optim, Random, Train } from '../../src/index.js'
import { cnnNetwork } from './mnist-cnn.js'

export type OptimizerName = 'sgd' | 'momentum' | 'adam'
export const optimizerNames: ReadonlyArray<OptimizerName> = ['sgd', 'momentum', 'adam']

/** What the checkpoint records about the network (JSON in the `network` metadata field). */
export type MnistModel =
  | { readonly model: 'mnist-mlp'; readonly hidden: ReadonlyArray<number>; readonly optimizer: OptimizerName }
  | { readonly model: 'mnist-cnn'; readonly filters: ReadonlyArray<number>; readonly optimizer: OptimizerName }

/** The network a description names (both take [number, 784] and give [number, 10] logits). */
export const networkOf = (m: MnistModel): MnistNetwork => (m.model === 'mnist-cnn' ? cnnNetwork(m.filters) : mnistNetwork(m.hidden))

/** The model with the shapes that tell the kinds apart: what it takes and its first weights. */
export const describeShapes = (m: MnistModel): string =>
  m.model === 'mnist-cnn'
    ? `a ${showModel(m)} (first weights [${m.filters[0]}, 1, 3, 3] on images [number, 1, 28, 28])`
    : `an ${showModel(m)} (first weights [784, ${m.hidden[0] ?? 10}] on vectors [number, 784])`

/** How people call the model: `MLP 784-512-256-10` or `CNN conv16-conv32-128-10`. */
export const showModel = (m: MnistModel): string =>
  m.model === 'mnist-cnn' ? `CNN conv${m.filters.join('-conv')}-128-10` : `MLP ${[784, ...m.hidden, 10].join('-')}`

export const describeModel = (m: MnistModel): string => JSON.stringify(m)

/** Parse a checkpoint's `network` description; anything else is a `Left` saying what it is. */
export const parseModel = (network: string): E.Either<string, MnistModel> => {
  let v: unknown
  try {
    v = JSON.parse(network)
  } catch {
    return E.left(`the checkpoint is of network "${network}", not an MNIST MLP or CNN saved by npm run mnist`)
  }
  const m = v as { model?: unknown; hidden?: unknown; filters?: unknown; optimizer?: unknown }
  const widths = (w: unknown): boolean => Array.isArray(w) && w.every((x) => Number.isInteger(x) && x > 0)
  const ok =
    ((m.model === 'mnist-mlp' && widths(m.hidden)) || (m.model === 'mnist-cnn' && widths(m.filters) && (m.filters as Array<number>).length === 2)) &&
    optimizerNames.includes(m.optimizer as OptimizerName)
  return ok ? E.right(m as MnistModel) : E.left(`the checkpoint is of network ${network}, not an MNIST MLP or CNN saved by npm run mnist`)
}

/** 784 → (dense, ReLU) per hidden width → dense 10 (logits; softmax lives in the loss). */
export const mnistNetwork = (hidden: ReadonlyArray<number>) =>
  Layer.serialOf(Layer.input(784), [...hidden.flatMap((w) => [Layer.dense(w), Layer.relu()]), Layer.dense(10)])

export type MnistNetwork = ReturnType<typeof mnistNetwork>
export type MnistParams = ReturnType<MnistNetwork['init']>

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

/** A template training state of a described model: what a checkpoint is loaded against. */
export const templateState = <S>(net: MnistNetwork, tx: Optim.GradientTransformation<MnistParams, S>): Train.TrainState<MnistParams, S> =>
  Train.initState(net.init(Random.key(0)), tx, Random.key(0))
