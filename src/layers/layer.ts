/**
 * The layer contract: a layer is a value — a record of three pure functions — never an object
 * with hidden state.
 *
 *   init(key)                      → P             fresh parameters (they belong to the caller)
 *   forward(params, x, ctx)        → [y, tape]     the output and everything backward will need
 *   backward(params, tape, ∂L/∂y)  → [∂L/∂P, ∂L/∂x]
 *
 * The tape is returned, not stored, so the same layer value can run any number of forward passes
 * in any order (the textbook's `Affine` keeps `self.x` instead, and breaks under reuse).
 * Gradients have the same type as the parameters, so one tree type serves backward, the
 * optimizers and `applyUpdates`.
 *
 * Parameters are readonly records with named fields (`{ w, b }`); composite networks nest their
 * children's parameters in tuples. A layer without parameters uses `NoParams`.
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import type * as R from '../random/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Per-call context: a random key (dropout draws its mask from it) and the mode. It is in every
 * signature from the start, so a new stochastic layer never changes an interface.
 *
 * @category model
 * @since 0.1.0
 */
export interface Ctx {
  readonly key: R.Key
  readonly mode: 'train' | 'eval'
}

/** The parameters of a layer that has none. @category model @since 0.1.0 */
export type NoParams = Readonly<Record<never, never>>

/**
 * A layer from shape `I` to shape `O`, with parameters `P`, a tape `Tp`, on dtype `D`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Layer<I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType = 'float32'> {
  /** A short description for messages and checkpoints, e.g. `dense(784→100)`. */
  readonly name: string
  /** Fresh parameters, drawn from `key` (never from a global generator). */
  readonly init: (key: R.Key) => P
  /** The output, plus the tape that `backward` needs. */
  readonly forward: (params: P, x: T.Tensor<I, D>, ctx: Ctx) => readonly [T.Tensor<O, D>, Tp]
  /** ∂L/∂P (same type as P) and ∂L/∂x, given the tape and ∂L/∂y. */
  readonly backward: (params: P, tape: Tp, dOut: T.Tensor<O, D>) => readonly [P, T.Tensor<I, D>]
}

/** The input shape of a layer. @category model @since 0.1.0 */
export type InputOf<L> = L extends Layer<infer I, T.Shape, unknown, unknown, T.DType> ? I : never
/** The output shape of a layer. @category model @since 0.1.0 */
export type OutputOf<L> = L extends Layer<T.Shape, infer O, unknown, unknown, T.DType> ? O : never
/** The parameters of a layer. @category model @since 0.1.0 */
export type ParamsOf<L> = L extends Layer<never, T.Shape, infer P, unknown, T.DType> ? P : never
/** The tape of a layer. @category model @since 0.1.0 */
export type TapeOf<L> = L extends Layer<never, T.Shape, unknown, infer Tp, T.DType> ? Tp : never
