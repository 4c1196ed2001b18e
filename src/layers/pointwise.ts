/**
 * Activation layers that act on each element alone: y = h(a), element by element, for a batch
 * of rows of any shape. Their backward is the second half of the lecture's error recursion
 *
 *   Δˡ = Δˡ⁺¹·Wˡ⁺¹ᵀ ⊙ h′(Aˡ)
 *
 * where the dense layer above has already produced Δˡ⁺¹·Wˡ⁺¹ᵀ (= dOut here), so this layer
 * returns dOut ⊙ h′(Aˡ). The derivative is written either in terms of the input a (ReLU) or the
 * output y (sigmoid: y(1 − y); tanh: 1 − y²), whichever the tape keeps.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import type { AnyLayer, Ctx, NoParams } from './layer.js'
import { requireRows } from './layer.js'
import type { StageSpec } from './spec.js'
import type { SameShape, Stage } from './stage.js'
import { stage } from './stage.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An element-wise activation: h, and h′ written in terms of what the tape keeps (`input`: a,
 * or `output`: y = h(a)).
 *
 * @category model
 * @since 0.1.0
 */
export interface Activation {
  readonly name: string
  readonly h: (a: number) => number
  readonly dh: (v: number) => number
  readonly keeps: 'input' | 'output'
  /** The description of layers made from it (absent for activations a user defines). */
  readonly spec?: StageSpec
  /**
   * Optional whole-tensor forms of h and of dOut ⊙ h′, for activations that have a dedicated
   * loop in the tensor module (ReLU). Same values; only faster, because a loop that calls a
   * different `h` for every activation cannot be inlined by the JavaScript engine.
   */
  readonly fast?: {
    readonly forward: <S extends T.Shape, D extends T.DType>(a: T.Tensor<S, D>) => T.Tensor<S, D>
    readonly backward: <S extends T.Shape, D extends T.DType>(dOut: T.Tensor<S, D>, kept: T.Tensor<S, D>) => T.Tensor<S, D>
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The stage of an element-wise activation; `relu`, `sigmoid`, `tanh` and `leakyRelu` are made
 * with it, and so can a new one be.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const square = Layer.pointwise({ name: 'square', h: (a) => a * a, dh: (a) => 2 * a, keeps: 'input' })
 * const l = Layer.build(Layer.input(2), square)
 * const [y] = l.forward({}, Tensor.tensor([[3, -2]]), Layer.evalCtx)
 * assert.deepStrictEqual(Tensor.toNested(y), [[9, 4]])
 *
 * @category constructors
 * @since 0.1.0
 */
export const pointwise = <K extends 'input' | 'output'>(act: Activation & { readonly keeps: K }): Stage<SameShape<K>> =>
  stage<SameShape<K>>(act.name, (row, dtype) => pointwiseLayer(act, row, dtype))

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const pointwiseLayer = (act: Activation, row: T.Shape, dtype: T.DType): AnyLayer => ({
  name: act.name,
  ...(act.spec !== undefined ? { spec: act.spec } : {}),
  dtype,
  inputRow: row,
  outputRow: row,
  init: (): NoParams => ({}),
  forward: (_p: NoParams, a: T.AnyTensor, _ctx: Ctx) => {
    requireRows(act.name, row, dtype, a)
    // x = h(a), element by element
    const y = act.fast !== undefined ? act.fast.forward(a) : T.map(a, act.h)
    return [y, act.keeps === 'input' ? a : y] as const
  },
  backward: (_p: NoParams, tape: T.AnyTensor, dOut: T.AnyTensor) => {
    requireRows(act.name, row, dtype, dOut)
    // Δˡ = (Δˡ⁺¹·Wˡ⁺¹ᵀ) ⊙ h′(Aˡ): dOut already holds Δˡ⁺¹·Wˡ⁺¹ᵀ
    return [{}, act.fast !== undefined ? act.fast.backward(dOut, tape) : T.zipWith(dOut, tape, (d, v) => d * act.dh(v))] as const
  }
})
