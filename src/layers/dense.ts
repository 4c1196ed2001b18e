/**
 * The dense (fully connected, affine) layer: every output unit is a weighted sum of every input
 * plus a bias. For a batch X: [B, I], weights W: [I, O] and bias b: [O]:
 *
 *   forward   A = X·W + b                       a_j = Σ_i x_i w_ij + b_j       : [B, O]
 *   backward  with Δ = ∂L/∂A : [B, O]
 *             ∂L/∂W = Xᵀ·Δ                      ∂L/∂w_ij = Σ_batch x_i δ_j     : [I, O]
 *             ∂L/∂b = Σ over the batch of Δ     ∂L/∂b_j  = Σ_batch δ_j         : [O]
 *             ∂L/∂X = Δ·Wᵀ                      ∂L/∂x_i  = Σ_j δ_j w_ij        : [B, I]
 *
 * ∂L/∂X is the first half of the lecture's error recursion Δˡ = Δˡ⁺¹·Wˡ⁺¹ᵀ ⊙ h′(Aˡ): the dense
 * layer above computes Δˡ⁺¹·Wˡ⁺¹ᵀ, and the activation below multiplies by h′(Aˡ)
 * (see `elementwise.ts`). Reference: the lecture notes (誤差逆伝播 行列表現), and `Affine` in
 * "Deep Learning from Scratch" §5.6 — without its cached `self.x`: X travels in the tape.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import type * as R from '../random/index.js'
import { he } from './init.js'
import type { Init } from './init.js'
import type { Ctx, Layer } from './layer.js'
import { requireRows } from './layer.js'
import type { DTypeIn, In, Kind, ShowShape, Stage } from './stage.js'
import { stage } from './stage.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The parameters of a dense layer: weights W: [I, O] and bias b: [O]. @category model @since 0.1.0 */
export interface DenseParams<I extends number, O extends number, D extends T.DType = 'float32'> {
  readonly w: T.Tensor<[I, O], D>
  readonly b: T.Tensor<[O], D>
}

/** What backward needs: the input X (for ∂L/∂W = Xᵀ·Δ). @category model @since 0.1.0 */
export interface DenseTape<I extends number, D extends T.DType = 'float32'> {
  readonly x: T.Tensor<[number, I], D>
}

/** A dense layer from width I to width O. @category model @since 0.1.0 */
export type Dense<I extends number, O extends number, D extends T.DType = 'float32'> = Layer<[number, I], [number, O], DenseParams<I, O, D>, DenseTape<I, D>, D>

/** Options of a dense layer. @category model @since 0.1.0 */
export interface DenseOptions<D extends T.DType = 'float32'> {
  /** The weight initialiser (`he` by default); biases start at zero. */
  readonly init?: Init
  /** The dtype (float32 by default); in `serial`, a stage takes the network's dtype instead. */
  readonly dtype?: D
}

/** The stage `dense(O)`: input [number, I] → output [number, O], with I learned from the stage before. @category model @since 0.1.0 */
export interface DenseKind<O extends number> extends Kind {
  readonly out: [number, O]
  readonly params: DenseParams<WidthOf<In<this>>, O, DTypeIn<this>>
  readonly tape: DenseTape<WidthOf<In<this>>, DTypeIn<this>>
  readonly error: In<this> extends readonly [number, number]
    ? never
    : `dense(${O}) takes a batch of vectors [number, width], found ${ShowShape<In<this>>}: flatten() first`
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * A dense layer. `dense(784, 100)` is a pre-built layer from width 784 to 100;
 * `dense(100)` is a stage for `serial`, whose input width comes from the stage before.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const l = Layer.dense(2, 1, { init: Layer.zeros, dtype: 'float64' })
 * const p = { w: Tensor.tensor([[1], [2]], 'float64'), b: Tensor.tensor([0.5], 'float64') }
 * const [y] = l.forward(p, Tensor.tensor([[3, 4]], 'float64'), Layer.evalCtx)
 * assert.deepStrictEqual(Tensor.toNested(y), [[11.5]])
 *
 * @category layers
 * @since 0.1.0
 */
export function dense<const I extends number, const O extends number, D extends T.DType = 'float32'>(
  fanIn: I,
  fanOut: O,
  options?: DenseOptions<D>
): Dense<I, O, D>
export function dense<const O extends number>(units: O, options?: Pick<DenseOptions, 'init'>): Stage<DenseKind<O>>
export function dense(
  a: number,
  b?: number | DenseOptions<T.DType>,
  c?: DenseOptions<T.DType>
): Dense<number, number, T.DType> | Stage<DenseKind<number>> {
  if (typeof b === 'number') return denseLayer(a, b, c?.init ?? he, c?.dtype ?? 'float32')
  const init = b?.init ?? he
  return stage<DenseKind<number>>(`dense(${a})`, (row, dtype) => denseLayer(row.length === 1 && row[0] !== undefined ? row[0] : T.failShape(`dense(${a})`, 'a row vector [width]', T.showShape(row)), a, init, dtype))
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type WidthOf<S> = S extends readonly [number, infer W extends number] ? W : number

const denseLayer = <I extends number, O extends number, D extends T.DType>(fanIn: I, fanOut: O, init: Init, dtype: D): Dense<I, O, D> => {
  const name = `dense(${fanIn}→${fanOut})`
  const requireParams = (p: DenseParams<I, O, D>): void => {
    if (!T.sameShape(p.w.shape, [fanIn, fanOut]) || !T.sameShape(p.b.shape, [fanOut]) || p.w.dtype !== dtype || p.b.dtype !== dtype) {
      T.failShape(name, `parameters w: [${fanIn}, ${fanOut}], b: [${fanOut}] ${dtype}`, `w: ${T.showShape(p.w.shape)}, b: ${T.showShape(p.b.shape)} ${p.w.dtype}`)
    }
  }
  const gradients = (p: DenseParams<I, O, D>, tape: DenseTape<I, D>, dOut: T.Tensor<[number, O], D>): DenseParams<I, O, D> => {
    requireRows(name, [fanOut], dtype, dOut)
    requireParams(p)
    // ∂L/∂W = Xᵀ·Δ  (Δ = dOut = ∂L/∂A)
    const dW = T.matmulTransA(tape.x, dOut)
    // ∂L/∂b = Σ over the batch of Δ
    const db = T.sum(dOut, 0)
    return { w: dW, b: db }
  }
  return {
    name,
    spec: { kind: 'dense', inputs: fanIn, units: fanOut },
    dtype,
    inputRow: [fanIn],
    outputRow: [fanOut],
    init: (key: R.Key) => ({ w: init.sample(key, fanIn, fanOut, dtype), b: T.zeros([fanOut], dtype) }),
    forward: (p: DenseParams<I, O, D>, x: T.Tensor<[number, I], D>, _ctx: Ctx) => {
      requireRows(name, [fanIn], dtype, x)
      requireParams(p)
      // A = X·W + b (the bias added in the product's epilogue: the bytes of addRow(matmul(x, w), b))
      const a = T.affine(x, p.w, p.b)
      return [a, { x }] as const
    },
    backward: (p: DenseParams<I, O, D>, tape: DenseTape<I, D>, dOut: T.Tensor<[number, O], D>) => {
      const grads = gradients(p, tape, dOut)
      // ∂L/∂X = Δ·Wᵀ  (the Δˡ⁺¹·Wˡ⁺¹ᵀ half of Δˡ; the activation below applies ⊙ h′(Aˡ))
      const dX = T.matmulTransB(dOut, p.w)
      return [grads, dX] as const
    },
    gradients: (p: DenseParams<I, O, D>, tape: DenseTape<I, D>, dOut: T.Tensor<[number, O], D>) => gradients(p, tape, dOut)
  }
}
