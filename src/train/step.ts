/**
 * One training step, as a pure function `(state, batch) → state`:
 *
 *   [kNext, k] = split(key)
 *   [ŷ, tape]  = forward(θ, x, { key: k, mode: 'train', state: σ })
 *   L, ∂L/∂ŷ   = loss(ŷ, y)
 *   ∂L/∂θ      = backward(θ, tape, ∂L/∂ŷ)
 *   σ′         = nextState(σ, tape)         (layers with state only: running statistics)
 *   u, s′      = tx.update(∂L/∂θ, s, θ)
 *   θ′         = θ + u                      (applyUpdates)
 *
 * and the step count goes up by one. Nothing is cached between steps: the tape lives only inside
 * the step, so memory stays flat over any number of steps. The step is written once
 * (`checkedStep`): `trainStep` is it with no check, `trainStepChecked` with the guards.
 *
 * The batch's target type comes from the network's output (`TargetAt`), as `evaluate`'s does:
 * one-hot labels `[number, 9]` for a 10-output network are a compile error.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { absurd } from 'fp-ts/lib/function.js'
import * as R from '../random/index.js'
import * as L from '../layers/index.js'
import * as Opt from '../optim/index.js'
import type * as T from '../tensor/index.js'
import type { Batch, LossOn, Model, TargetAt } from './model.js'
import { asLossFunction } from './model.js'
import type { TrainState } from './state.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A loss value, the gradient of that loss with respect to every parameter, and (for a network
 * with state) the state after the forward pass.
 *
 * @category model
 * @since 0.1.0
 */
export interface ValueAndGrad<P, St = L.NoState> {
  readonly value: number
  readonly grads: P
  readonly state?: St
}

/**
 * A check between the gradients and the update: `undefined` lets the step be applied; anything
 * else stops it (the non-finite and divergence guards of `trainStepChecked`).
 *
 * @category model
 * @since 0.1.0
 */
export type StepCheck<Err> = <P, S, St>(
  state: TrainState<P, S, St | undefined>,
  vg: ValueAndGrad<P, St>,
  index: number
) => Err | undefined

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The loss of one batch and ∂L/∂θ: forward in train mode, the loss, backward (and the next
 * state of a network with state, from `state`, or from its `initState()` when none is given).
 *
 * @example
 * import { Layer, Loss, Random, Tensor, Train } from 'kanzen'
 * const net = Layer.dense(1, 1)
 * const params = { w: Tensor.tensor([[2]]), b: Tensor.tensor([0]) }
 * const batch = { x: Tensor.tensor([[1], [2]]) as Tensor.Tensor<[number, 1]>, y: Tensor.tensor([[1], [2]]) as Tensor.Tensor<[number, 1]> }
 * const { value, grads } = Train.valueAndGrad(net, Loss.meanSquaredError)(params, batch, Random.key(0))
 * // ŷ = 2x = [2, 4]: L = ((2 − 1)² + (4 − 2)²) / 2 = 2.5, ∂L/∂ŷ = 2(ŷ − y)/2 = [1, 2], ∂L/∂w = Σ x·∂L/∂ŷ = 5
 * assert.deepStrictEqual([value, Tensor.toArray(grads.w), Tensor.toArray(grads.b)], [2.5, [5], [3]])
 *
 * @category operations
 * @since 0.1.0
 */
export const valueAndGrad =
  <I extends T.Shape, O extends T.Shape, P, Tp, F extends LossOn<O, D>, D extends T.DType = 'float32', St = L.NoState>(
    net: Model<I, O, P, Tp, D, St>,
    loss: F
  ) =>
  (params: P, batch: Batch<T.Tensor<I, D>, TargetAt<F, O, D>>, key: R.Key, state?: St): ValueAndGrad<P, St> => {
    const current = state ?? net.initState?.()
    const [yHat, tape] = net.forward(params, batch.x, L.trainCtx(key, current))
    const { value, grad } = asLossFunction<O, TargetAt<F, O, D>, D>(loss)(yHat, batch.y)
    // Only ∂L/∂θ is needed: skip ∂L/∂x of the input when the network can.
    const grads = net.gradients !== undefined ? net.gradients(params, tape, grad) : net.backward(params, tape, grad)[0]
    const next = current === undefined || net.nextState === undefined ? current : net.nextState(current, tape)
    return next === undefined ? { value, grads } : { value, grads, state: next }
  }

/**
 * The second half of a step: transform the gradients, add the updates, count the step, carry
 * the network's state.
 *
 * @example
 * import { Random, Tensor, Train } from 'kanzen'
 * const tx = { init: () => ({}), update: (g: Tensor.Tensor<[1]>) => [Tensor.scale(g, -1), {}] as const }
 * const s = Train.initState(Tensor.ones([1]), tx, Random.key(0))
 * const s1 = Train.applyGradients(tx)(s, { value: 0.5, grads: Tensor.ones([1]) }, Random.key(1))
 * assert.deepStrictEqual([Tensor.toArray(s1.params), s1.step, s1.loss], [[0], 1, 0.5])
 *
 * @category operations
 * @since 0.1.0
 */
export const applyGradients =
  <P, S>(tx: Opt.GradientTransformation<P, S>) =>
  <St>(state: TrainState<P, S, St | undefined>, vg: ValueAndGrad<P, St>, nextKey: R.Key): TrainState<P, S, St> => {
    // The fused form, when the transform has one, gives the same bytes without the updates' arrays.
    const [params, opt] = tx.updateAndApply?.(vg.grads, state.opt, state.params) ?? updateThenApply(tx, vg.grads, state.opt, state.params)
    const next = { params, opt, key: nextKey, step: state.step + 1, loss: vg.value }
    const carried = vg.state ?? state.state
    return carried === undefined ? next : { ...next, state: carried }
  }

/**
 * The training step with a check before the update: `(state, batch, index) → Either<Err, state>`,
 * a `Left` when `check` finds something (the state is then not updated). `trainStep` and
 * `trainStepChecked` are this step.
 *
 * @example
 * import { Layer, Loss, Optim, Random, Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.dense(1, 1)
 * const tx = Optim.sgd<ReturnType<typeof net.init>>(0.1)
 * const noBigLoss: Train.StepCheck<string> = (_s, vg) => (vg.value > 1 ? `loss ${vg.value}` : undefined)
 * const step = Train.checkedStep(noBigLoss)(net, Loss.meanSquaredError, tx)
 * const batch = { x: Tensor.tensor([[1]]) as Tensor.Tensor<[number, 1]>, y: Tensor.tensor([[3]]) as Tensor.Tensor<[number, 1]> }
 * const s0 = Train.initState({ w: Tensor.tensor([[1]]), b: Tensor.tensor([0]) }, tx, Random.key(0))
 * assert.deepStrictEqual(step(s0, batch), E.left('loss 4')) // L = (1 − 3)²
 *
 * @category operations
 * @since 0.1.0
 */
export const checkedStep =
  <Err>(check: StepCheck<Err>) =>
  <I extends T.Shape, O extends T.Shape, P, Tp, F extends LossOn<O, D>, S, D extends T.DType = 'float32', St = L.NoState>(
    net: Model<I, O, P, Tp, D, St>,
    loss: F,
    tx: Opt.GradientTransformation<P, S>
  ) => {
    const grad = valueAndGrad(net, loss)
    const apply = applyGradients(tx)
    return (
      state: TrainState<P, S, St | undefined>,
      batch: Batch<T.Tensor<I, D>, TargetAt<F, O, D>>,
      index: number = state.step
    ): E.Either<Err, TrainState<P, S, St>> => {
      const [kNext, k] = R.split(state.key)
      const vg = grad(state.params, batch, k, state.state)
      const problem = check(state, vg, index)
      return problem === undefined ? E.right(apply(state, vg, kNext)) : E.left(problem)
    }
  }

/**
 * The pure training step `(state, batch) → state`; training is `fold(trainStep(…), init)`.
 *
 * @example
 * import { Layer, Loss, Optim, Random, Tensor, Train } from 'kanzen'
 * const net = Layer.dense(1, 1)
 * const tx = Optim.sgd<ReturnType<typeof net.init>>(0.1)
 * const batch = { x: Tensor.tensor([[1]]) as Tensor.Tensor<[number, 1]>, y: Tensor.tensor([[3]]) as Tensor.Tensor<[number, 1]> }
 * const s0 = Train.initState({ w: Tensor.tensor([[1]]), b: Tensor.tensor([0]) }, tx, Random.key(0))
 * const s1 = Train.trainStep(net, Loss.meanSquaredError, tx)(s0, batch)
 * // L = (ŷ − y)² = 4 with ŷ = 1: ∂L/∂w = 2x(ŷ − y) = −4, so w = 1 − 0.1 · (−4) = 1.4
 * assert.deepStrictEqual([s1.step, s1.loss, Tensor.toArray(s1.params.w).map((w) => w.toFixed(4))], [1, 4, ['1.4000']])
 *
 * @category operations
 * @since 0.1.0
 */
export const trainStep = <I extends T.Shape, O extends T.Shape, P, Tp, F extends LossOn<O, D>, S, D extends T.DType = 'float32', St = L.NoState>(
  net: Model<I, O, P, Tp, D, St>,
  loss: F,
  tx: Opt.GradientTransformation<P, S>
) => {
  const step = checkedStep<never>(noCheck)(net, loss, tx)
  return (state: TrainState<P, S, St | undefined>, batch: Batch<T.Tensor<I, D>, TargetAt<F, O, D>>): TrainState<P, S, St> => {
    const r = step(state, batch)
    // No check, so never a Left.
    return E.isRight(r) ? r.right : absurd(r.left)
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const noCheck: StepCheck<never> = () => undefined

// θ′ = θ + u with [u, s′] = update(g, s, θ): the two passes a transform without `updateAndApply` needs.
const updateThenApply = <P, S>(tx: Opt.GradientTransformation<P, S>, grads: P, opt: S, params: P): readonly [P, S] => {
  const [updates, next] = tx.update(grads, opt, params)
  return [Opt.applyUpdates(params, updates), next]
}
