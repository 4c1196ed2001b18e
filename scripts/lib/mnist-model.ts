/**
 * The MNIST classifier shared by `npm run mnist` and `npm run predict`: a ReLU MLP
 * 784 → hidden… → 10, described in the checkpoint's metadata so that a saved model can be
 * rebuilt, and a checkpoint of any other network is refused with a clear message.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Optim, Random, Train } from '../../src/index.js'
import { maxWidth } from './limits.js'

export type OptimizerName = 'sgd' | 'momentum' | 'adam'
export const optimizerNames: ReadonlyArray<OptimizerName> = ['sgd', 'momentum', 'adam']

/** What the checkpoint records about the network (JSON in the `network` metadata field). */
export interface MnistModel {
  readonly model: 'mnist-mlp'
  readonly hidden: ReadonlyArray<number>
  readonly optimizer: OptimizerName
}

export const describeModel = (m: MnistModel): string => JSON.stringify(m)

/** Parse a checkpoint's `network` description; anything else is a `Left` saying what it is. */
export const parseModel = (network: string): E.Either<string, MnistModel> => {
  let v: unknown
  const not = `the checkpoint is of network ${Train.quoteText(network)}, not an MNIST MLP saved by npm run mnist`
  try {
    v = JSON.parse(network)
  } catch {
    return E.left(not)
  }
  const m = v as Partial<MnistModel>
  if (m.model === 'mnist-mlp' && Array.isArray(m.hidden) && (m.hidden.length > maxHiddenLayers || m.hidden.some((w) => !(Number(w) <= maxWidth)))) {
    const shown = m.hidden.slice(0, 4).map((w: unknown) => (typeof w === 'number' ? String(w) : Train.quoteText(String(w), 20))).join(', ')
    return E.left(`the checkpoint describes hidden layers [${shown}${m.hidden.length > 4 ? ', …' : ''}] beyond the limits (at most ${maxHiddenLayers} layers of width at most ${maxWidth})`)
  }
  const ok =
    m.model === 'mnist-mlp' &&
    Array.isArray(m.hidden) &&
    m.hidden.length <= maxHiddenLayers &&
    m.hidden.every((w) => Number.isInteger(w) && w > 0 && w <= maxWidth) &&
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
