/**
 * The 2-d convolution layer (cross-correlation, as in PyTorch and ONNX), NCHW. For a batch
 * X: [B, C, H, W], F filters W: [F, C, KH, KW], bias b: [F], stride (SH, SW), zero padding (PH, PW):
 *
 *   forward   Y[b, f, oy, ox] = b_f + Σ_c Σ_ky Σ_kx W[f, c, ky, kx] · X[b, c, oy·SH − PH + ky, ox·SW − PW + kx]
 *             Y : [B, F, OH, OW],  OH = ⌊(H + 2·PH − KH) / SH⌋ + 1,  OW likewise
 *
 *   as matrices (im2col, see im2col.ts), with col : [B·OH·OW, C·KH·KW] and W read as [F, C·KH·KW]:
 *             Y = col·Wᵀ + b               : [B·OH·OW, F], then laid out as [B, F, OH, OW]
 *             (computed per example as Y_b = W·col_bᵀ : [F, OH·OW], already NCHW, by the kernel
 *             seam's conv2dForward: native C++ across both threads, or lowered onto the GEMM)
 *
 *   backward  with Δ = ∂L/∂Y : [B, F, OH, OW], read as rows Δ : [B·OH·OW, F]
 *             ∂L/∂W   = Δᵀ·col             : [F, C·KH·KW]    (Σ over every position that used the weight)
 *             ∂L/∂b_f = Σ_{b, oy, ox} Δ     : [F]
 *             ∂L/∂col = Δ·W                : [B·OH·OW, C·KH·KW]
 *             ∂L/∂X   = col2im(∂L/∂col)    : [B, C, H, W]    (overlapping windows add up)
 *
 * The loop form of the same formulas is `conv2dReference` (reference.ts); docs/conv.md derives
 * both. He initialisation by default: W ~ N(0, 2 / (C·KH·KW)), the fan-in of one output.
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import type * as R from '../random/index.js'
import type { Geometry } from './im2col.js'
import { requireGeometry } from './im2col.js'
import { he } from './init.js'
import type { Init } from './init.js'
import type { AnyLayer, Ctx } from './layer.js'
import { requireRows } from './layer.js'
import type { DTypeIn, In, Kind, Stage } from './stage.js'
import { stage } from './stage.js'
import type { ChannelsOf, PairOf, Size2, WindowError, WindowOut } from './window-types.js'
import { pairOf } from './window-types.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The parameters of a convolution: filters W: [F, C, KH, KW] and bias b: [F]. @category model @since 0.2.0 */
export interface Conv2dParams<F extends number, C extends number, KH extends number, KW extends number, D extends T.DType = 'float32'> {
  readonly w: T.Tensor<[F, C, KH, KW], D>
  readonly b: T.Tensor<[F], D>
}

/** What backward needs: the input (its windows are recomputed, a few examples at a time). @category model @since 0.2.0 */
export interface Conv2dTape<D extends T.DType = 'float32'> {
  readonly x: T.Tensor<[number, number, number, number], D>
}

/** Options of `conv2d`. @category model @since 0.2.0 */
export interface Conv2dOptions<F extends number, K extends Size2, S extends Size2, P extends Size2 | 'same'> {
  /** The number of filters: the output channels. */
  readonly filters: F
  /** The window, `3` for 3×3 or `[height, width]`. */
  readonly kernel: K
  /** The step between windows (1 by default). */
  readonly stride?: S
  /** Zeros added on each side (0 by default); `'same'` keeps the size (stride 1, odd kernel). */
  readonly padding?: P
  /** The weight initialiser (`he` by default, with fan-in C·KH·KW); biases start at zero. */
  readonly init?: Init
}

/** The padding as a pair: `'same'` is (K − 1) / 2 per axis. @category model @since 0.2.0 */
export type PaddingOf<P, K extends [number, number]> = P extends 'same' ? [Half<K[0]>, Half<K[1]>] : PairOf<P>

/** The stage `conv2d(…)`: [number, C, H, W] → [number, F, OH, OW]. @category model @since 0.2.0 */
export interface Conv2dKind<F extends number, K extends [number, number], S extends [number, number], P extends [number, number] | 'same'> extends Kind {
  readonly out: WindowOut<In<this>, F, K, S, PaddingOf<P, K>>
  readonly params: Conv2dParams<F, ChannelsOf<In<this>>, K[0], K[1], DTypeIn<this>>
  readonly tape: Conv2dTape<DTypeIn<this>>
  readonly error: SameError<`conv2d(${F}, ${K[0]}×${K[1]})`, K, S, P> extends infer E extends string
    ? [E] extends [never]
      ? WindowError<`conv2d(${F}, ${K[0]}×${K[1]})`, In<this>, K, PaddingOf<P, K>>
      : E
    : never
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * A convolution stage for `serial`; its input channels and size come from the stage before.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const net = Layer.serial(Layer.input([1, 28, 28]), Layer.conv2d({ filters: 16, kernel: 3, padding: 1 }))
 * const [y] = net.forward(net.init(Random.key(0)), Tensor.zeros([2, 1, 28, 28]), Layer.evalCtx)
 * assert.deepStrictEqual(y.shape, [2, 16, 28, 28])
 *
 * @category layers
 * @since 0.2.0
 */
export const conv2d = <const F extends number, const K extends Size2, const S extends Size2 = 1, const P extends Size2 | 'same' = 0>(
  options: Conv2dOptions<F, K, S, P>
): Stage<Conv2dKind<F, PairOf<K>, PairOf<S>, P extends 'same' ? 'same' : PairOf<P>>> => {
  const kernel = pairOf(options.kernel)
  const stride = pairOf(options.stride ?? 1)
  const pad = options.padding ?? 0
  const label = `conv2d(${options.filters}, ${kernel[0]}×${kernel[1]})`
  return stage(label, (row, dtype) => {
    if (pad === 'same' && (stride[0] !== 1 || stride[1] !== 1 || kernel[0] % 2 === 0 || kernel[1] % 2 === 0)) {
      return T.failShape(label, "padding 'same' with stride 1 and an odd kernel", `stride ${stride.join('×')}, kernel ${kernel.join('×')}`)
    }
    const padding = pad === 'same' ? ([(kernel[0] - 1) / 2, (kernel[1] - 1) / 2] as const) : pairOf(pad)
    const g = requireGeometry(label, row, kernel, stride, padding)
    if (!Number.isInteger(options.filters) || options.filters < 1) return T.failShape(label, 'filters ≥ 1', `${options.filters}`)
    return conv2dLayer(g, options.filters, options.init ?? he, dtype)
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Half<N extends number> = T.Divide<T.Subtract<N, 1>, 2>

type SameError<Name extends string, K extends [number, number], S extends [number, number], P> = P extends 'same'
  ? S extends [1, 1]
    ? T.Subtract<K[0], T.Multiply<2, Half<K[0]>>> extends 1
      ? T.Subtract<K[1], T.Multiply<2, Half<K[1]>>> extends 1
        ? never
        : `${Name}: padding 'same' needs an odd kernel, found ${K[0]}×${K[1]}`
      : `${Name}: padding 'same' needs an odd kernel, found ${K[0]}×${K[1]}`
    : `${Name}: padding 'same' needs stride 1, found ${S[0]}×${S[1]}`
  : never

type Params<D extends T.DType> = Conv2dParams<number, number, number, number, D>
type Image<D extends T.DType> = T.Tensor<[number, number, number, number], D>

// The products live in the kernel seam (`Tensor.conv2d`, `Tensor.conv2dGrads`): the native
// backend runs the whole layer in C++ across both threads, the others lower it onto their GEMM a
// few examples at a time (src/tensor/kernels/lowered-conv.ts).
const conv2dLayer = <D extends T.DType>(g: Geometry, filters: number, init: Init, dtype: D): AnyLayer => {
  const { channels: C, outHeight: OH, outWidth: OW } = g
  const [KH, KW] = g.kernel
  const F = filters
  const K = C * KH * KW
  const name = `conv2d(${C}→${F}, ${KH}×${KW}, stride ${g.stride.join('×')}, padding ${g.padding.join('×')})`
  const row = [C, g.height, g.width]
  const outRow = [F, OH, OW]
  const window = { kernel: g.kernel, stride: g.stride, padding: g.padding }
  const requireParams = (p: Params<D>): void => {
    if (!T.sameShape(p.w.shape, [F, C, KH, KW]) || !T.sameShape(p.b.shape, [F]) || p.w.dtype !== dtype || p.b.dtype !== dtype) {
      T.failShape(name, `parameters w: [${F}, ${C}, ${KH}, ${KW}], b: [${F}] ${dtype}`, `w: ${T.showShape(p.w.shape)}, b: ${T.showShape(p.b.shape)} ${p.w.dtype}`)
    }
  }
  // ∂L/∂W = Σ Δ·col, ∂L/∂b = Σ Δ, and ∂L/∂X = col2im(Δᵀ·W) when `input`.
  const grads = (p: Params<D>, x: Image<D>, dOut: Image<D>, input: boolean) => {
    requireRows(name, outRow, dtype, dOut)
    requireParams(p)
    return T.conv2dGrads(x, p.w, dOut, window, input)
  }
  const layer = {
    name,
    spec: { kind: 'conv2d', inChannels: C, filters: F, kernel: [KH, KW], stride: [...g.stride], padding: [...g.padding] },
    dtype,
    inputRow: row,
    outputRow: outRow,
    init: (key: R.Key): Params<D> => ({
      // He over the fan-in C·KH·KW: sampled as [K, F], stored as [F, C, KH, KW].
      w: T.reshape(T.transpose(init.sample(key, K, F, dtype)), [F, C, KH, KW]),
      b: T.zeros([F], dtype)
    }),
    forward: (p: Params<D>, x: Image<D>, _ctx: Ctx) => {
      requireRows(name, row, dtype, x)
      requireParams(p)
      // The tape is the input itself: backward recomputes its windows.
      return [T.conv2d(x, p.w, p.b, window), { x }] as const
    },
    backward: (p: Params<D>, tape: Conv2dTape<D>, dOut: Image<D>) => {
      const { dw, db, dx } = grads(p, tape.x, dOut, true)
      if (dx === undefined) throw new Error(`${name}: backward produced no input gradient`)
      return [{ w: dw, b: db }, dx] as const
    },
    gradients: (p: Params<D>, tape: Conv2dTape<D>, dOut: Image<D>) => {
      const { dw, db } = grads(p, tape.x, dOut, false)
      return { w: dw, b: db }
    }
  } as const
  return layer
}
