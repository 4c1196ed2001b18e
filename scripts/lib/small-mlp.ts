/**
 * The small regularised MLP that the Titanic and regression experiments share: standardised
 * features → ReLU hidden layers → `outputs` units, trained with Adam and L2 weight decay
 * (g ← g + λθ, i.e. λ/2·‖θ‖² added to the loss) on mini-batches reshuffled every epoch, as a
 * guarded fold of the pure step per epoch. A diverging run stops the script with one line.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Optim, Random, Tensor, Train } from '../../src/index.js'
import { fail } from './cli.js'

export interface SmallMlpSettings {
  readonly hidden: ReadonlyArray<number>
  readonly epochs: number
  readonly batch: number
  readonly lr: number
  readonly l2: number
}

/** Three independent keys from one: initial weights, shuffling, and the training steps. */
export const threeKeys = (key: Random.Key): readonly [Random.Key, Random.Key, Random.Key] => {
  const [a, b, c] = Random.splitN(key, 3)
  return [a!, b!, c!]
}

type Rows = Tensor.Tensor<[number, number]>

/** A loss on rows of predictions against rows of targets (softmax cross-entropy, MSE, …). */
export type RowsLoss = (pred: Rows, target: Rows) => { readonly value: number; readonly grad: Rows }

/** Train on (x, y) with keys for the initial weights, the shuffling and the step; returns the network and its parameters. */
export const trainSmallMlp = (
  script: string,
  x: Rows,
  y: Rows,
  outputs: number,
  loss: RowsLoss,
  s: SmallMlpSettings,
  [kInit, kData, kTrain]: readonly [Random.Key, Random.Key, Random.Key]
) => {
  const net = Layer.serialOf(Layer.input(x.shape[1]), [...s.hidden.flatMap((w) => [Layer.dense(w), Layer.relu()]), Layer.dense(outputs)])
  type P = ReturnType<typeof net.init>
  const tx = Optim.chain(Optim.l2Regularization<P>(s.l2), Optim.scaleByAdam<P>(), Optim.scaleByLearningRate<P>(s.lr))
  const data = E.getOrElseW((e: Train.StreamError) => fail(script, e.message))(Train.dataset({ x, y }))
  const epochOf = E.getOrElseW((e: Train.StreamError) => fail(script, e.message))(Train.epochs(Math.min(s.batch, x.shape[0]))(data))
  const step = Train.trainStepChecked(net, loss, tx)
  let state = Train.initState(net.init(kInit), tx, kTrain, Layer.initialState(net))
  for (let epoch = 1; epoch <= s.epochs; epoch++) {
    const r = Train.foldEither(step, state)(epochOf(kData, epoch))
    if (E.isLeft(r)) return fail(script, `${r.left.error.message}; lower --lr`)
    state = r.right
  }
  return { net, params: state.params }
}
