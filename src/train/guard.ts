/**
 * The guards. A step whose loss or any gradient is NaN or ±Inf must not be applied: one NaN
 * update poisons every parameter for good. A run can also diverge without ever reaching NaN: with
 * a learning rate of 1e6 an MNIST loss climbs to 3.7e13 and stays finite. `trainStepChecked` is
 * `trainStep` (the same `checkedStep`) with both checks made *before* updating; a `Left` names
 * the step, the batch and what was found, and `foldEither` then stops and hands back the last
 * state before it.
 *
 * Divergence is judged on the loss, relative to the first loss the guard sees (the loss of the
 * untrained network), because the loss is the one number whose scale every run shares:
 *
 *   bound = factor · max(|L₁|, 1)                         (factor 100 by default)
 *   diverged at step t  ⇔  L_s > bound for s = t − patience + 1, …, t   (patience 5)
 *
 * Cross-entropy starts near ln K (2.3 for 10 classes), so the bound is 230: a loss a trained or
 * training network never holds for five steps in a row, while one noisy batch cannot trip it.
 * The floor of 1 keeps a resumed run whose first loss is tiny from being stopped by noise. A
 * bound on the parameters (say |θ| above float32's useful range) was not chosen: it depends on
 * the data's scale, and an optimizer such as Adam moves every weight by the learning rate per
 * step, so weights reach 1e8 long before anything overflows.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as Opt from '../optim/index.js'
import type * as L from '../layers/index.js'
import * as Tr from '../tree/index.js'
import * as T from '../tensor/index.js'
import type { Batch, LossOn, Model, TargetAt } from './model.js'
import type { DivergenceWatch, TrainState } from './state.js'
import type { ValueAndGrad } from './step.js'
import { checkedStep } from './step.js'

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

/**
 * A finite loss that has stayed above the divergence bound for `patience` steps: at which step
 * and batch it was found, the loss, the bound, and the step since which the loss has been above.
 *
 * @category model
 * @since 0.1.0
 */
export interface Diverged {
  readonly _tag: 'Diverged'
  readonly step: number
  readonly batch: number
  readonly value: number
  readonly bound: number
  readonly since: number
  readonly message: string
}

/** What stops a checked step. @category model @since 0.1.0 */
export type GuardError = NonFinite | Diverged

/**
 * The divergence guard's settings: the loss is diverging once it has been above
 * `factor · max(|first loss|, 1)` for `patience` consecutive steps; `false` turns it off.
 *
 * @category model
 * @since 0.1.0
 */
export interface GuardOptions {
  readonly divergence?: { readonly factor?: number; readonly patience?: number } | false
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * `trainStep` with the guards: `(state, batch, index) → Either<GuardError, state>`.
 *
 * @example
 * import { Layer, Loss, Optim, Random, Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.dense(1, 1)
 * const tx = Optim.sgd<ReturnType<typeof net.init>>(0.1)
 * const batch = (x: number) => ({ x: Tensor.tensor([[x]]) as Tensor.Tensor<[number, 1]>, y: Tensor.tensor([[1]]) as Tensor.Tensor<[number, 1]> })
 * const s0 = Train.initState({ w: Tensor.tensor([[1]]), b: Tensor.tensor([0]) }, tx, Random.key(0))
 * const r = Train.foldEither(Train.trainStepChecked(net, Loss.meanSquaredError, tx), s0)([batch(1), batch(NaN), batch(2)])
 * assert.ok(E.isLeft(r) && r.left.index === 1 && r.left.state.step === 1)
 * assert.ok(E.isLeft(r) && r.left.error.message.startsWith('non-finite loss = NaN at step 2 (batch 1)'))
 *
 * @category operations
 * @since 0.1.0
 */
export const trainStepChecked = <
  I extends T.Shape,
  O extends T.Shape,
  P,
  Tp,
  F extends LossOn<O, D>,
  S,
  D extends T.DType = 'float32',
  St = L.NoState
>(
  net: Model<I, O, P, Tp, D, St>,
  loss: F,
  tx: Opt.GradientTransformation<P, S>,
  options: GuardOptions = {}
) => {
  const settings = options.divergence === false ? undefined : { factor: 100, patience: 5, ...options.divergence }
  const step = checkedStep<GuardError>((state, vg, index) => nonFiniteIn(state, vg, index) ?? divergedIn(settings, state, vg, index))(net, loss, tx)
  return (
    state: TrainState<P, S, St | undefined>,
    batch: Batch<T.Tensor<I, D>, TargetAt<F, O, D>>,
    index: number = state.step
  ): E.Either<GuardError, TrainState<P, S, St>> =>
    settings === undefined
      ? step(state, batch, index)
      : E.map((next: TrainState<P, S, St>) => ({ ...next, divergence: watch(settings, state, next.loss) }))(step(state, batch, index))
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
  // Scanned without paths (every step does this); the path is looked up only for a bad tensor.
  const found = Tr.tensors(tree).find((t) => T.nonFiniteIndex(t) >= 0)
  if (found === undefined) return undefined
  const [path, t] = Tr.leaves(tree).find(([, l]) => l === found) ?? ['params', found]
  const i = T.nonFiniteIndex(t)
  return [`${path}[${i}]`, t.data[i] ?? Number.NaN]
}

interface Settings {
  readonly factor: number
  readonly patience: number
}

const nonFiniteIn = <P, S, St>(state: TrainState<P, S, St | undefined>, vg: ValueAndGrad<P, St>, index: number): NonFinite | undefined => {
  const bad = Number.isFinite(vg.value) ? firstNonFinite(vg.grads) : (['loss', vg.value] as const)
  return bad === undefined ? undefined : nonFinite(state.step + 1, index, bad[0], bad[1])
}

// The watch after a step whose loss is `loss`, taken from `state`.
const watch = <P, S, St>(settings: Settings, state: TrainState<P, S, St | undefined>, loss: number): DivergenceWatch => {
  const reference = state.divergence?.reference ?? loss
  const above = loss > bound(settings, reference)
  return { reference, aboveSince: !above ? 0 : state.divergence?.aboveSince || state.step + 1 }
}

const bound = (settings: Settings, reference: number): number => settings.factor * Math.max(Math.abs(reference), 1)

const divergedIn = <P, S, St>(
  settings: Settings | undefined,
  state: TrainState<P, S, St | undefined>,
  vg: ValueAndGrad<P, St>,
  index: number
): Diverged | undefined => {
  if (settings === undefined) return undefined
  const w = watch(settings, state, vg.value)
  const step = state.step + 1
  if (w.aboveSince === 0 || step - w.aboveSince + 1 < settings.patience) return undefined
  const b = bound(settings, w.reference)
  return {
    _tag: 'Diverged',
    step,
    batch: index,
    value: vg.value,
    bound: b,
    since: w.aboveSince,
    message:
      `diverging loss = ${vg.value} at step ${step} (batch ${index}): above ${b} (${settings.factor} × the first loss ` +
      `${w.reference}) since step ${w.aboveSince}; stopped before applying it, keeping the state after step ${step - 1}`
  }
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
