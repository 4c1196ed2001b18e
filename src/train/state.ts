/**
 * The training state: everything a training step reads and writes, as one readonly value.
 * A run is a fold of `trainStep` over batches starting from `initState`, so the state after any
 * step is a pure function of the initial key, the data and the step count.
 *
 * @since 0.1.0
 */
import type * as R from '../random/index.js'
import type * as L from '../layers/index.js'
import type * as Opt from '../optim/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Parameters `P`, optimizer state `S`, the key the next step will split, the number of steps
 * taken, the loss of the batch that produced this state (NaN before the first step; kept so
 * that progress and history read it from the state instead of recomputing it), and, for a
 * network whose layers keep state (batch normalisation's running statistics), that state `St`:
 * carried from step to step and saved by checkpoints, but never differentiated or given to
 * the optimizer.
 *
 * @category model
 * @since 0.1.0
 */
export interface TrainState<P, S, St = L.NoState> {
  readonly params: P
  readonly opt: S
  readonly key: R.Key
  readonly step: number
  readonly loss: number
  /** The network's non-trained state; absent for a network without state. */
  readonly state?: St
  /** What the divergence guard of `trainStepChecked` remembers (absent until it has run). */
  readonly divergence?: DivergenceWatch
}

/**
 * The divergence guard's memory: the loss it compares with (the first loss it saw), and since
 * which step the loss has been above the bound (0: it is not).
 *
 * @category model
 * @since 0.1.0
 */
export interface DivergenceWatch {
  readonly reference: number
  readonly aboveSince: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The state before the first step: the optimizer's `init(params)`, step 0, and the network's
 * initial state when it has one (`Layer.initialState(net)`; without it a stateful network starts
 * from its `initState()` at the first step).
 *
 * @example
 * import { Random, Tensor, Train } from 'kanzen'
 * const sgd = { init: () => ({}), update: (g: { w: Tensor.Tensor<[2]> }) => [g, {}] as const }
 * const s = Train.initState({ w: Tensor.zeros([2]) }, sgd, Random.key(0))
 * assert.deepStrictEqual([s.step, s.state], [0, undefined])
 * assert.deepStrictEqual(Train.initState({ w: Tensor.zeros([2]) }, sgd, Random.key(0), { mean: 1 }).state, { mean: 1 })
 *
 * @category constructors
 * @since 0.1.0
 */
export function initState<P, S>(params: P, tx: Opt.GradientTransformation<P, S>, key: R.Key): TrainState<P, S>
export function initState<P, S, St>(params: P, tx: Opt.GradientTransformation<P, S>, key: R.Key, state: St): TrainState<P, S, St>
export function initState<P, S, St>(params: P, tx: Opt.GradientTransformation<P, S>, key: R.Key, state?: St): TrainState<P, S, St> {
  const s = { params, opt: tx.init(params), key, step: 0, loss: Number.NaN }
  return state === undefined ? s : { ...s, state }
}
