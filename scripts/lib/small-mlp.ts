/**
 * The small regularised MLP that the Titanic and regression experiments share: standardised
 * features → ReLU hidden layers → `outputs` units, trained with Adam and L2 weight decay
 * (g ← g + λθ, i.e. λ/2·‖θ‖² added to the loss) on mini-batches reshuffled every epoch, by
 * `Train.fit`. A diverging run stops the script with one line.
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
  const batch = Math.min(s.batch, x.shape[0])
  const fitted = Train.fit(net, loss, tx, { x, y }, { epochs: s.epochs, batch, key: { init: kInit, data: kData, step: kTrain } })
  if (E.isLeft(fitted)) return fail(script, fitted.left._tag === 'FitNonFinite' ? `${fitted.left.error.message}; lower --lr` : fitted.left.message)
  return { net, params: fitted.right.state.params }
}
