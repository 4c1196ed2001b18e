/**
 * The small regularised MLP that the Titanic and regression experiments share: standardised
 * features → ReLU hidden layers → `outputs` units, trained with Adam and L2 weight decay
 * (g ← g + λθ, i.e. λ/2·‖θ‖² added to the loss) on mini-batches reshuffled every epoch, by
 * `Train.fit`. A diverging run stops the script with one line.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Optim, Random, Tensor, Train } from '../../src/index.js'
import { fail } from './cli.js'
import { progress } from './progress.js'

/** An epoch line is printed only after this many seconds of silence (5; $KANZEN_QUIET_SECONDS overrides it, e.g. 0 in specs). */
export const quietSeconds = Number(process.env['KANZEN_QUIET_SECONDS'] ?? 5)

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
  // Progress for long inputs: the live line on a terminal (plain lines elsewhere), and an epoch
  // line only when `quietSeconds` have passed since the last one, so a short fit stays quiet in a log.
  const bar = progress(process.stderr)
  const steps = Math.ceil(x.shape[0] / batch)
  let epochStart = performance.now()
  let shown = epochStart
  const fitted = Train.fit(net, loss, tx, { x, y }, {
    epochs: s.epochs,
    batch,
    key: { init: kInit, data: kData, step: kTrain },
    observer: {
      batch: (e) => bar.tick({ epoch: e.epoch, epochs: s.epochs, step: e.step, steps, loss: e.loss, samples: (e.epoch - 1) * x.shape[0] + e.samples }),
      epoch: (e) => {
        const now = performance.now()
        if (now - shown >= quietSeconds * 1000) {
          bar.epoch({ epoch: e.epoch, epochs: s.epochs, metrics: { 'last batch loss': e.state.loss }, seconds: (now - epochStart) / 1000 })
          shown = now
        }
        epochStart = now
      }
    }
  })
  if (process.stderr.isTTY === true) process.stderr.write('\r\x1b[K')
  if (E.isLeft(fitted)) return fail(script, fitted.left._tag === 'FitNonFinite' ? `${fitted.left.error.message}; lower --lr` : fitted.left.message)
  return { net, params: fitted.right.state.params }
}
