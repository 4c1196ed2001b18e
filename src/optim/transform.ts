/**
 * The optimizer contract, shaped like optax's gradient transformations:
 *
 *   init(params)                   → state
 *   update(grads, state, params)   → [updates, state′]
 *
 * Updates have the same tree type as the parameters and are *added* to them by `applyUpdates`
 * (so a descent step's update is −η·g; the sign lives in `scaleByLearningRate`). Transforms
 * compose with `chain`; an optimizer like `adam` is a short chain. No optimizer state ever lives
 * inside a layer.
 *
 * Every transform walks a tree built from the parameters (the parameters themselves, or state
 * that `init` made from them) together with the gradients through `zipParams`, reference tree
 * first, so gradients for another network stop with a `RangeError` naming the first path that
 * differs: `zipParams: expected params.w of shape [2] float32, found [3] float32`.
 *
 * Reference: optax, `optax/_src/base.py` (GradientTransformation, EmptyState, identity, stateless).
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import { zipParams } from './tree.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A gradient transformation over parameter trees `P` with state `S`.
 *
 * @category model
 * @since 0.1.0
 */
export interface GradientTransformation<P, S> {
  readonly init: (params: P) => S
  readonly update: (grads: P, state: S, params: P) => readonly [P, S]
  /**
   * Optional: the new parameters θ + u and the new state in one go, byte for byte
   * `[applyUpdates(params, u), s′]` for `[u, s′] = update(grads, state, params)`, but without
   * building the updates u (one pass and one array per parameter fewer). The training step uses
   * it when present; `scaleByLearningRate` has it, and `chain` when its last transform has it.
   */
  readonly updateAndApply?: (grads: P, state: S, params: P) => readonly [P, S]
}

/** The state of a stateless transform. @category model @since 0.1.0 */
export type EmptyState = Readonly<Record<never, never>>

/** The state of `identity`. @category model @since 0.1.0 */
export type IdentityState = EmptyState

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A transform without state, from a leaf function of a gradient and its parameter:
 * u = f(g, θ) at every leaf. The gradients' structure is checked against the parameters'.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const halve = Optim.stateless((g) => Tensor.scale(g, 0.5))
 * const p = { w: Tensor.ones([2]) }
 * const [u] = halve.update({ w: Tensor.tensor([2, 4]) }, halve.init(p), p)
 * assert.deepStrictEqual(Tensor.toArray(u.w), [1, 2])
 *
 * @category constructors
 * @since 0.1.0
 */
export const stateless = <P>(
  f: <S extends T.Shape, D extends T.DType>(g: T.Tensor<S, D>, param: T.Tensor<S, D>) => T.Tensor<S, D>
): GradientTransformation<P, EmptyState> => ({
  init: () => empty,
  update: (grads, state, params) => [zipParams((param, g) => f(g, param))(params, grads), state]
})

/**
 * The transform that changes nothing: u = g (the structure is still checked).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const tx = Optim.identity()
 * const g = { w: Tensor.tensor([3]) }
 * assert.strictEqual(tx.update(g, tx.init(g), g)[0].w, g.w)
 *
 * @category constructors
 * @since 0.1.0
 */
export const identity = <P>(): GradientTransformation<P, IdentityState> => stateless((g) => g)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const empty: EmptyState = Object.freeze({})
