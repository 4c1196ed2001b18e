/**
 * Composition of gradient transformations: the updates of one are the gradients of the next.
 *
 *   chain(t₁, …, tₙ).init(θ)          = [t₁.init(θ), …, tₙ.init(θ)]
 *   chain(t₁, …, tₙ).update(g, s, θ)  : u₀ = g, [uᵢ, sᵢ′] = tᵢ.update(uᵢ₋₁, sᵢ, θ), result [uₙ, s′]
 *
 * The state is a tuple with one entry per transform, in order. Reference: optax,
 * `optax/transforms/_combining.py` (chain).
 *
 * @since 0.1.0
 */
import type { GradientTransformation } from './transform.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The type of `chain`: one signature per arity, up to 8 transforms, as fp-ts's `pipe` has. The
 * parameter tree type `P` comes from the first transform (or from the expected type) and the
 * later ones are checked against it (`NoInfer`), so `scaleByLearningRate(0.1)` in second place
 * needs no type argument.
 *
 * @category model
 * @since 0.1.0
 */
export interface Chain {
  <P, S1>(t1: GradientTransformation<P, S1>): GradientTransformation<P, readonly [S1]>
  <P, S1, S2>(
    t1: GradientTransformation<P, S1>,
    t2: GradientTransformation<NoInfer<P>, S2>
  ): GradientTransformation<P, readonly [S1, S2]>
  <P, S1, S2, S3>(
    t1: GradientTransformation<P, S1>,
    t2: GradientTransformation<NoInfer<P>, S2>,
    t3: GradientTransformation<NoInfer<P>, S3>
  ): GradientTransformation<P, readonly [S1, S2, S3]>
  <P, S1, S2, S3, S4>(
    t1: GradientTransformation<P, S1>,
    t2: GradientTransformation<NoInfer<P>, S2>,
    t3: GradientTransformation<NoInfer<P>, S3>,
    t4: GradientTransformation<NoInfer<P>, S4>
  ): GradientTransformation<P, readonly [S1, S2, S3, S4]>
  <P, S1, S2, S3, S4, S5>(
    t1: GradientTransformation<P, S1>,
    t2: GradientTransformation<NoInfer<P>, S2>,
    t3: GradientTransformation<NoInfer<P>, S3>,
    t4: GradientTransformation<NoInfer<P>, S4>,
    t5: GradientTransformation<NoInfer<P>, S5>
  ): GradientTransformation<P, readonly [S1, S2, S3, S4, S5]>
  <P, S1, S2, S3, S4, S5, S6>(
    t1: GradientTransformation<P, S1>,
    t2: GradientTransformation<NoInfer<P>, S2>,
    t3: GradientTransformation<NoInfer<P>, S3>,
    t4: GradientTransformation<NoInfer<P>, S4>,
    t5: GradientTransformation<NoInfer<P>, S5>,
    t6: GradientTransformation<NoInfer<P>, S6>
  ): GradientTransformation<P, readonly [S1, S2, S3, S4, S5, S6]>
  <P, S1, S2, S3, S4, S5, S6, S7>(
    t1: GradientTransformation<P, S1>,
    t2: GradientTransformation<NoInfer<P>, S2>,
    t3: GradientTransformation<NoInfer<P>, S3>,
    t4: GradientTransformation<NoInfer<P>, S4>,
    t5: GradientTransformation<NoInfer<P>, S5>,
    t6: GradientTransformation<NoInfer<P>, S6>,
    t7: GradientTransformation<NoInfer<P>, S7>
  ): GradientTransformation<P, readonly [S1, S2, S3, S4, S5, S6, S7]>
  <P, S1, S2, S3, S4, S5, S6, S7, S8>(
    t1: GradientTransformation<P, S1>,
    t2: GradientTransformation<NoInfer<P>, S2>,
    t3: GradientTransformation<NoInfer<P>, S3>,
    t4: GradientTransformation<NoInfer<P>, S4>,
    t5: GradientTransformation<NoInfer<P>, S5>,
    t6: GradientTransformation<NoInfer<P>, S6>,
    t7: GradientTransformation<NoInfer<P>, S7>,
    t8: GradientTransformation<NoInfer<P>, S8>
  ): GradientTransformation<P, readonly [S1, S2, S3, S4, S5, S6, S7, S8]>
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Run transforms one after the other; the state is the tuple of their states.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * type P = { readonly w: Tensor.Tensor<[2]> }
 * const tx = Optim.chain(Optim.clipByGlobalNorm<P>(1), Optim.scaleByLearningRate(0.1))
 * const p: P = { w: Tensor.zeros([2]) }
 * const [u] = tx.update({ w: Tensor.tensor([3, 4]) }, tx.init(p), p)
 * assert.ok(Tensor.allClose(u.w, Tensor.tensor([-0.06, -0.08])))
 *
 * @category combinators
 * @since 0.1.0
 */
export const chain: Chain = ((...transforms: ReadonlyArray<Erased>): Erased => {
  const last = transforms[transforms.length - 1]
  // The updates of every transform, the last one's through `finish` (its update, or its fused apply).
  const run = (grads: unknown, state: unknown, params: unknown, finish: Erased['update']): readonly [unknown, unknown] => {
    let updates = grads
    // The state is the tuple init built: one entry per transform.
    const states: ReadonlyArray<unknown> = Array.isArray(state) ? state : []
    const next = transforms.map((t, i) => {
      const [u, s] = i === transforms.length - 1 ? finish(updates, states[i], params) : t.update(updates, states[i], params)
      updates = u
      return s
    })
    return [updates, Object.freeze(next)]
  }
  const fused = last?.updateAndApply
  return {
    init: (params) => Object.freeze(transforms.map((t) => t.init(params))),
    update: (grads, state, params) => run(grads, state, params, last?.update ?? ((g, s) => [g, s])),
    ...(fused === undefined ? {} : { updateAndApply: (grads: unknown, state: unknown, params: unknown) => run(grads, state, params, fused) })
  }
  // cast: Chain restores the erased types position by position (see Erased below).
}) as Chain

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// The loop sees every transform with its types erased; `Chain` restores them position by
// position, which the compiler cannot follow through `Array.prototype.map` (hence the cast).
// Method syntax, so that every GradientTransformation<P, S> is an Erased (parameters compare both ways).
interface Erased {
  init(params: unknown): unknown
  update(grads: unknown, state: unknown, params: unknown): readonly [unknown, unknown]
  updateAndApply?(grads: unknown, state: unknown, params: unknown): readonly [unknown, unknown]
}
