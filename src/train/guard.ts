/**
 * The non-finite guard. A step whose loss or any gradient is NaN or ±Inf must not be applied:
 * one NaN update poisons every parameter for good. `trainStepChecked` is `trainStep` that checks
 * the loss and every gradient leaf *before* updating and returns a `Left` naming the step, the
 * batch and the first bad value; `foldEither` then stops and hands back the last finite state.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as R from '../random/index.js'
import * as Opt from '../optim/index.js'
import * as Tr from '../tree/index.js'
import type * as T from '../tensor/index.js'
import type { Batch, LossOn, Model, TargetOf } from './model.js'
import type { TrainState } from './state.js'
import { applyGradients, valueAndGrad } from './step.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A non-finite loss or gradient: at which step (1-based, the step that would have been taken),
 * on which batch (its index in the stream), where (`loss` or a gradient path such as
 * `params[0].w[3]`), and the value.
 *
 * @category model
 * @since 0.1.0
 */
export interface NonFinite {
  readonly _tag: 'NonFinite'
  readonly step: number
  readonly batch: number
  readonly where: string
  readonly value: number
  readonly message: string
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * `trainStep` with the guard: `(state, batch, index) → Either<NonFinite, state>`.
 *
 * @example
 * import { Train } from 'kanzen'
 * // const r = Train.foldEither(Train.trainStepChecked(net, loss, tx), init)(batches)
 * // E.isLeft(r) → r.left.error.message, r.left.state is the last finite state
 * assert.ok(typeof Train.trainStepChecked === 'function')
 *
 * @category operations
 * @since 0.1.0
 */
export const trainStepChecked = <
  I extends T.Shape,
  O extends T.Shape,
  P,
  Tp,
  L extends LossOn<O, D>,
  S,
  D extends T.DType = 'float32'
>(
  net: Model<I, O, P, Tp, D>,
  loss: L,
  tx: Opt.GradientTransformation<P, S>
) => {
  const grad = valueAndGrad(net, loss)
  const apply = applyGradients(tx)
  return (
    state: TrainState<P, S>,
    batch: Batch<T.Tensor<I, D>, TargetOf<L>>,
    index: number = state.step
  ): E.Either<NonFinite, TrainState<P, S>> => {
    const [kNext, k] = R.split(state.key)
    const vg = grad(state.params, batch, k)
    const bad = Number.isFinite(vg.value) ? firstNonFinite(vg.grads) : (['loss', vg.value] as const)
    return bad === undefined
      ? E.right(apply(state, vg, kNext))
      : E.left(nonFinite(state.step + 1, index, bad[0], bad[1]))
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The path and value of the first NaN or ±Inf in a tree of tensors, if any.
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * assert.deepStrictEqual(Train.firstNonFinite({ w: Tensor.tensor([1, Infinity]) }), ['params.w[1]', Infinity])
 *
 * @category utils
 * @since 0.1.0
 */
export const firstNonFinite = <P>(tree: P): readonly [string, number] | undefined => {
  for (const [path, t] of Tr.leaves(tree)) {
    const d = t.data
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return [`${path}[${i}]`, d[i]!]
  }
  return undefined
}

const nonFinite = (step: number, batch: number, where: string, value: number): NonFinite => ({
  _tag: 'NonFinite',
  step,
  batch,
  where,
  value,
  message:
    `non-finite ${where === 'loss' ? 'loss' : `gradient ${where}`} = ${value} at step ${step} (batch ${batch}); ` +
    `stopped before applying it, keeping the state after step ${step - 1}`
})
