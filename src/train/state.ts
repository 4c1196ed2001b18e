/**
 * The training state: everything a training step reads and writes, as one readonly value.
 * A run is a fold of `trainStep` over batches starting from `initState`, so the state after any
 * step is a pure function of the initial key, the data and the step count.
 *
 * @since 0.1.0
 */
import type * as R from '../random/index.js'
import type * as Opt from '../optim/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Parameters `P`, optimizer state `S`, the key the next step will split, the number of steps
 * taken, and the loss of the batch that produced this state (NaN before the first step; kept so
 * that progress and history read it from the state instead of recomputing it).
 *
 * @category model
 * @since 0.1.0
 */
export interface TrainState<P, S> {
  readonly params: P
  readonly opt: S
  readonly key: R.Key
  readonly step: number
  readonly loss: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The state before the first step: the optimizer's `init(params)`, step 0.
 *
 * @example
 * import { Random, Tensor, Train } from 'kanzen'
 * const sgd = { init: () => ({}), update: (g: { w: Tensor.Tensor<[2]> }) => [g, {}] as const }
 * const s = Train.initState({ w: Tensor.zeros([2]) }, sgd, Random.key(0))
 * assert.strictEqual(s.step, 0)
 *
 * @category constructors
 * @since 0.1.0
 */
export const initState = <P, S>(params: P, tx: Opt.GradientTransformation<P, S>, key: R.Key): TrainState<P, S> => ({
  params,
  opt: tx.init(params),
  key,
  step: 0,
  loss: Number.NaN
})
