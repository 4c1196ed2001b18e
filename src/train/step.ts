/**
 * One training step, as a pure function `(state, batch) → state`:
 *
 *   [kNext, k] = split(key)
 *   [ŷ, tape]  = forward(θ, x, { key: k, mode: 'train' })
 *   L, ∂L/∂ŷ   = loss(ŷ, y)
 *   ∂L/∂θ      = backward(θ, tape, ∂L/∂ŷ)
 *   u, s′      = tx.update(∂L/∂θ, s, θ)
 *   θ′         = θ + u                      (applyUpdates)
 *
 * and the step count goes up by one. Nothing is cached between steps: the tape lives only inside
 * the step, so memory stays flat over any number of steps.
 *
 * @since 0.1.0
 */
import * as R from '../random/index.js'
import * as Opt from '../optim/index.js'
import type * as T from '../tensor/index.js'
import type { Batch, LossOn, Model, TargetOf } from './model.js'
import { asLossFunction } from './model.js'
import type { TrainState } from './state.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A loss value and the gradient of that loss with respect to every parameter. @category model @since 0.1.0 */
export interface ValueAndGrad<P> {
  readonly value: number
  readonly grads: P
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The loss of one batch and ∂L/∂θ: forward in train mode, the loss, backward.
 *
 * @example
 * import { Random, Train } from 'kanzen'
 * // const { value, grads } = Train.valueAndGrad(net, loss)(params, { x, y }, Random.key(0))
 * assert.ok(typeof Train.valueAndGrad === 'function')
 *
 * @category operations
 * @since 0.1.0
 */
export const valueAndGrad =
  <I extends T.Shape, O extends T.Shape, P, Tp, L extends LossOn<O, D>, D extends T.DType = 'float32'>(
    net: Model<I, O, P, Tp, D>,
    loss: L
  ) =>
  (params: P, batch: Batch<T.Tensor<I, D>, TargetOf<L>>, key: R.Key): ValueAndGrad<P> => {
    const [yHat, tape] = net.forward(params, batch.x, { key, mode: 'train' })
    const { value, grad } = asLossFunction<O, TargetOf<L>, D>(loss)(yHat, batch.y)
    // Only ∂L/∂θ is needed: skip ∂L/∂x of the input when the network can.
    const grads = net.gradients !== undefined ? net.gradients(params, tape, grad) : net.backward(params, tape, grad)[0]
    return { value, grads }
  }

/**
 * The second half of a step: transform the gradients, add the updates, count the step.
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
  (state: TrainState<P, S>, vg: ValueAndGrad<P>, nextKey: R.Key): TrainState<P, S> => {
    const [updates, opt] = tx.update(vg.grads, state.opt, state.params)
    return { params: Opt.applyUpdates(state.params, updates), opt, key: nextKey, step: state.step + 1, loss: vg.value }
  }

/**
 * The pure training step `(state, batch) → state`; training is `fold(trainStep(…), init)`.
 *
 * @example
 * import { Train } from 'kanzen'
 * // const final = Train.fold(Train.trainStep(net, loss, sgd(0.1)), Train.initState(params, sgd(0.1), key))(batches)
 * assert.ok(typeof Train.trainStep === 'function')
 *
 * @category operations
 * @since 0.1.0
 */
export const trainStep = <
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
  return (state: TrainState<P, S>, batch: Batch<T.Tensor<I, D>, TargetOf<L>>): TrainState<P, S> => {
    const [kNext, k] = R.split(state.key)
    return apply(state, grad(state.params, batch, k), kNext)
  }
}
