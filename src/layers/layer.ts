/**
 * The layer contract: a layer is a value — a record of three pure functions and its static
 * configuration — never an object with hidden state.
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
 * Every layer maps a batch: its shapes are `[number, ...row]`, the first axis being examples.
 * The layer also carries the shape of one row in and out (`inputRow`, `outputRow`) and its dtype
 * at run time, so that a tensor whose `number` dimensions disagree with the layer is reported
 * by the layer's name and both shapes, never by a kernel deep inside.
 *
 * Parameters are readonly records with named fields (`{ w, b }`); composite networks nest their
 * children's parameters in tuples. A layer without parameters uses `NoParams`.
 *
 * State: some layers keep values that are not trained (batch normalisation's running mean and
 * variance). They are an explicit value `St`, never a hidden field:
 *
 *   initState()              → St            the state before any training
 *   forward(θ, x, ctx)       reads ctx.state  (in eval mode: the running statistics)
 *   nextState(state, tape)   → St′           the state after a train-mode forward pass
 *
 * The training fold carries the state beside the parameters (`TrainState.state`), checkpoints
 * save it, and neither gradients nor optimizers ever see it. A layer without state has
 * `St = NoState` (`undefined`) and defines neither function.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import * as R from '../random/index.js'
import type { StageSpec } from './spec.js'

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
export interface Ctx<St = NoState> {
  readonly key: R.Key
  readonly mode: 'train' | 'eval'
  /** The layer's non-trained state (running statistics); absent for layers without state. */
  readonly state?: St
}

/** The state of a layer that keeps none. @category model @since 0.1.0 */
export type NoState = undefined

/** The parameters of a layer that has none. @category model @since 0.1.0 */
export type NoParams = Readonly<Record<never, never>>

/**
 * A layer from shape `I` to shape `O`, with parameters `P`, a tape `Tp`, on dtype `D`.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const net = Layer.serial(Layer.input(3, 'float64'), Layer.dense(2))
 * const params = net.init(Random.key(0))
 * const [y] = net.forward(params, Tensor.zeros([5, 3], 'float64'), Layer.evalCtx)
 * assert.deepStrictEqual(y.shape, [5, 2])
 *
 * @category model
 * @since 0.1.0
 */
export interface Layer<I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType = 'float32', St = NoState> {
  /** A short description for messages, e.g. `dense(784→100)`. */
  readonly name: string
  /** The element type every tensor of this layer has. */
  readonly dtype: D
  /** The shape of one example in (the batch axis excluded), e.g. `[784]`. */
  readonly inputRow: T.Shape
  /** The shape of one example out, e.g. `[100]`. */
  readonly outputRow: T.Shape
  /** Fresh parameters, drawn from `key` (never from a global generator). */
  readonly init: (key: R.Key) => P
  /** The output, plus the tape that `backward` needs (and `nextState` reads). */
  readonly forward: (params: P, x: T.Tensor<I, D>, ctx: Ctx<St>) => readonly [T.Tensor<O, D>, Tp]
  /** ∂L/∂P (same type as P) and ∂L/∂x, given the tape and ∂L/∂y. */
  readonly backward: (params: P, tape: Tp, dOut: T.Tensor<O, D>) => readonly [P, T.Tensor<I, D>]
  /**
   * Optional: ∂L/∂P alone, equal to `backward(…)[0]`, for when nobody needs ∂L/∂x — the first
   * layer of a network being trained. A dense layer then skips Δ·Wᵀ, a product as large as
   * Xᵀ·Δ. Training uses it when present; composites provide it when their first child does.
   */
  readonly gradients?: (params: P, tape: Tp, dOut: T.Tensor<O, D>) => P
  /** Layers with state only: the state before any training (e.g. running mean 0, variance 1). */
  readonly initState?: () => St
  /** Layers with state only: the state after a train-mode forward pass that gave `tape`. */
  readonly nextState?: (state: St, tape: Tp) => St
  /** What made this layer, when one of the library's constructors did (see `spec.ts`). */
  readonly spec?: StageSpec
  /** A composite's layers in the order they run (their parameters are `params[i]`). */
  readonly children?: ReadonlyArray<AnyLayer>
}

/**
 * Any layer at all. A `Layer` is invariant in its shapes and parameters (each appears both as
 * an argument and as a result), so no instance of `Layer<…>` is a supertype of every layer; this
 * structural type is, because its argument positions are `never`.
 *
 * @category model
 * @since 0.1.0
 */
export interface AnyLayer {
  readonly name: string
  readonly dtype: T.DType
  readonly inputRow: T.Shape
  readonly outputRow: T.Shape
  readonly init: (key: R.Key) => unknown
  readonly forward: (params: never, x: never, ctx: never) => readonly [T.AnyTensor, unknown]
  readonly backward: (params: never, tape: never, dOut: never) => readonly [unknown, T.AnyTensor]
  readonly initState?: () => unknown
  readonly nextState?: (state: never, tape: never) => unknown
  readonly spec?: StageSpec
  readonly children?: ReadonlyArray<AnyLayer>
}

// Inference through every type parameter at once: a pattern with a fixed slot (`unknown`,
// `T.Shape`) would never match, because Layer is invariant in all of them.

/** The input shape of a layer. @category model @since 0.1.0 */
export type InputOf<L> = L extends Layer<infer I, infer _O, infer _P, infer _Tp, infer _D, infer _St> ? I : never
/** The output shape of a layer. @category model @since 0.1.0 */
export type OutputOf<L> = L extends Layer<infer _I, infer O, infer _P, infer _Tp, infer _D, infer _St> ? O : never
/** The parameters of a layer. @category model @since 0.1.0 */
export type ParamsOf<L> = L extends Layer<infer _I, infer _O, infer P, infer _Tp, infer _D, infer _St> ? P : never
/** The tape of a layer. @category model @since 0.1.0 */
export type TapeOf<L> = L extends Layer<infer _I, infer _O, infer _P, infer Tp, infer _D, infer _St> ? Tp : never
/** The non-trained state of a layer (`NoState` for most). @category model @since 0.1.0 */
export type StateOf<L> = L extends Layer<infer _I, infer _O, infer _P, infer _Tp, infer _D, infer St> ? St : never
/** The dtype of a layer. @category model @since 0.1.0 */
export type DTypeOf<L> = L extends Layer<infer _I, infer _O, infer _P, infer _Tp, infer D, infer _St> ? D : never

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The context for inference: evaluation mode (dropout is the identity) with a fixed key.
 *
 * @example
 * import { Layer } from 'kanzen'
 * assert.strictEqual(Layer.evalCtx.mode, 'eval')
 *
 * @category constructors
 * @since 0.1.0
 */
export const evalCtx: Ctx = { key: /*#__PURE__*/ R.key(0), mode: 'eval' }

/**
 * The context for inference on a network with state: eval mode, reading `state` (the running
 * statistics a training run carried, `TrainState.state`).
 *
 * @example
 * import { Layer } from 'kanzen'
 * assert.deepStrictEqual(Layer.evalCtxWith([undefined, { mean: 0 }]).state, [undefined, { mean: 0 }])
 *
 * @category constructors
 * @since 0.1.0
 */
export const evalCtxWith = <St>(state: St): Ctx<St> => ({ key: evalCtx.key, mode: 'eval', state })

/**
 * The context for a training step: train mode, with the key dropout draws its masks from (and,
 * for a network with state, the state its layers start the step from).
 *
 * @example
 * import { Layer, Random } from 'kanzen'
 * assert.strictEqual(Layer.trainCtx(Random.key(1)).mode, 'train')
 *
 * @category constructors
 * @since 0.1.0
 */
export const trainCtx = <St = NoState>(key: R.Key, state?: St): Ctx<St> =>
  state === undefined ? { key, mode: 'train' } : { key, mode: 'train', state }

/**
 * The state a network starts from: its `initState()`, or `undefined` for a network without
 * state. `Train.initState` takes it as its last argument.
 *
 * @example
 * import { Layer } from 'kanzen'
 * const net = Layer.serial(Layer.input(2), Layer.dense(1))
 * assert.strictEqual(Layer.initialState(net), undefined)
 *
 * @category constructors
 * @since 0.1.0
 */
export const initialState = <I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType, St>(
  net: Layer<I, O, P, Tp, D, St>
): St | undefined => net.initState?.()

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Stop with a shape error naming the layer and both shapes when `x` is not a batch of rows of
 * shape `row` and dtype `dtype`: `dense(784→100): expected [B, 784] float64, found [2, 50] float64`.
 * Used by every primitive layer on its input (forward) and its output gradient (backward).
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * assert.throws(() => Layer.requireRows('relu', [3], 'float32', Tensor.zeros([2, 4])), /relu: expected \[B, 3\] float32, found \[2, 4\] float32/)
 *
 * @category utils
 * @since 0.1.0
 */
export const requireRows = (layer: string, row: T.Shape, dtype: T.DType, x: T.AnyTensor): void => {
  const ok = x.shape.length === row.length + 1 && row.every((d, i) => d === x.shape[i + 1]) && x.dtype === dtype
  if (!ok) T.failShape(layer, `${showRows(row)} ${dtype}`, `${T.showShape(x.shape)} ${x.dtype}`)
}

/** `[B, 784]`: a batch of rows of shape `row`. @example assert.strictEqual(Layer.showRows([784]), '[B, 784]') @category utils @since 0.1.0 */
export const showRows = (row: T.Shape): string => `[${['B', ...row].join(', ')}]`
