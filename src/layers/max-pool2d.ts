/**
 * 2-d max pooling, NCHW: each output is the largest value of its window, channel by channel.
 * For X: [B, C, H, W], a window KH × KW and stride (SH, SW) (no padding):
 *
 *   forward   Y[b, c, oy, ox] = max over ky < KH, kx < KW of X[b, c, oy·SH + ky, ox·SW + kx]
 *             Y : [B, C, OH, OW],  OH = ⌊(H − KH) / SH⌋ + 1,  OW likewise
 *             the tape keeps, for every output, where in its window the winner is (the first on ties)
 *
 *   backward  ∂L/∂X[i] = Σ over the outputs whose winner is i of ∂L/∂Y    : [B, C, H, W]
 *             (the gradient flows to the winner only: max is locally the identity on it and
 *             constant in the others)
 *
 * The loops are the kernel seam's `maxPoolForward` / `maxPoolBackward` (native C++ when built,
 * else src/tensor/kernels/reference/pool.ts), writing fresh arrays, no closure per element. The
 * loop-for-loop reference is `maxPool2dReference` (conv-reference.ts).
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import { requireGeometry } from './im2col.js'
import type { Geometry } from './im2col.js'
import type { AnyLayer, Ctx, NoParams } from './layer.js'
import { requireRows } from './layer.js'
import type { Stage } from './stage.js'
import { stage } from './stage.js'
import type { PairOf, Pool2dKind, Size2 } from './window-types.js'
import { pairOf } from './window-types.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Options of a pooling layer. @category model @since 0.2.0 */
export interface Pool2dOptions<K extends Size2, S extends Size2> {
  /** The window, `2` for 2×2 or `[height, width]`. */
  readonly size: K
  /** The step between windows; the window size by default (windows side by side). */
  readonly stride?: S
}

/** What max-pool backward needs: each output's winner, as its offset ky·KW + kx in the window. @category model @since 0.2.0 */
export interface MaxPool2dTape {
  readonly argmax: Uint8Array | Int32Array
  readonly batch: number
}

/** The stage `maxPool2d(…)`. @category model @since 0.2.0 */
export type MaxPool2dKind<K extends [number, number], S extends [number, number]> = Pool2dKind<'maxPool2d', K, S, MaxPool2dTape>

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * A max-pooling stage for `serial`.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input([1, 2, 4], 'float64'), Layer.maxPool2d({ size: 2 }))
 * const [y] = l.forward({}, Tensor.tensor([[[[1, 5, 2, 0], [3, 4, 8, 1]]]], 'float64'), Layer.evalCtx)
 * assert.deepStrictEqual(Tensor.toNested(y), [[[[5, 8]]]])
 *
 * @category layers
 * @since 0.2.0
 */
export const maxPool2d = <const K extends Size2, const S extends Size2 = K>(options: Pool2dOptions<K, S>): Stage<MaxPool2dKind<PairOf<K>, PairOf<S>>> => {
  const size = pairOf(options.size)
  const stride = pairOf(options.stride ?? options.size)
  const label = `maxPool2d(${size[0]}×${size[1]})`
  return stage(label, (row, dtype) => {
    return maxPoolLayer(requireGeometry(label, row, size, stride, [0, 0]), dtype)
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Image<D extends T.DType> = T.Tensor<[number, number, number, number], D>

const maxPoolLayer = <D extends T.DType>(g: Geometry, dtype: D): AnyLayer => {
  const { channels: C, height: H, width: W, outHeight: OH, outWidth: OW } = g
  const [KH, KW] = g.kernel
  const [SH, SW] = g.stride
  const name = `maxPool2d(${KH}×${KW}, stride ${SH}×${SW})`
  const row = [C, H, W]
  const outRow = [C, OH, OW]
  const window = { kernel: g.kernel, stride: g.stride }
  return {
    name,
    spec: { kind: 'maxPool2d', size: [KH, KW], stride: [SH, SW] },
    dtype,
    inputRow: row,
    outputRow: outRow,
    init: (): NoParams => ({}),
    forward: (_p: NoParams, x: Image<D>, _ctx: Ctx) => {
      requireRows(name, row, dtype, x)
      const { y, argmax } = T.maxPool2d(x, window)
      return [y, { argmax, batch: x.shape[0] }] as const
    },
    backward: (_p: NoParams, tape: MaxPool2dTape, dOut: Image<D>) => {
      requireRows(name, outRow, dtype, dOut)
      return [{}, T.maxPool2dGrad(dOut, tape.argmax, [tape.batch, C, H, W], window)] as const
    }
  }
}
