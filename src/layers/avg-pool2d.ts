/**
 * 2-d average pooling, NCHW: each output is the mean of its window, channel by channel. For
 * X: [B, C, H, W], a window KH × KW and stride (SH, SW) (no padding):
 *
 *   forward   Y[b, c, oy, ox] = 1/(KH·KW) · Σ_{ky < KH, kx < KW} X[b, c, oy·SH + ky, ox·SW + kx]
 *             Y : [B, C, OH, OW],  OH = ⌊(H − KH) / SH⌋ + 1,  OW likewise
 *
 *   backward  ∂L/∂X[b, c, iy, ix] = 1/(KH·KW) · Σ over the windows containing (iy, ix) of ∂L/∂Y
 *
 * Plain loops writing fresh arrays; the loop-for-loop reference is `avgPool2dReference`.
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import { requireGeometry } from './im2col.js'
import type { Geometry } from './im2col.js'
import type { AnyLayer, Ctx, NoParams } from './layer.js'
import { requireRows } from './layer.js'
import type { Pool2dOptions } from './max-pool2d.js'
import type { Stage } from './stage.js'
import { stage } from './stage.js'
import type { PairOf, Pool2dKind, Size2 } from './window-types.js'
import { pairOf } from './window-types.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What average-pool backward needs: only the batch size. @category model @since 0.2.0 */
export interface AvgPool2dTape {
  readonly batch: number
}

/** The stage `avgPool2d(…)`. @category model @since 0.2.0 */
export type AvgPool2dKind<K extends [number, number], S extends [number, number]> = Pool2dKind<'avgPool2d', K, S, AvgPool2dTape>

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * An average-pooling stage for `serial`.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input([1, 2, 4], 'float64'), Layer.avgPool2d({ size: 2 }))
 * const [y] = l.forward({}, Tensor.tensor([[[[1, 5, 2, 0], [3, 4, 8, 1]]]], 'float64'), Layer.evalCtx)
 * assert.deepStrictEqual(Tensor.toNested(y), [[[[3.25, 2.75]]]])
 *
 * @category layers
 * @since 0.2.0
 */
export const avgPool2d = <const K extends Size2, const S extends Size2 = K>(options: Pool2dOptions<K, S>): Stage<AvgPool2dKind<PairOf<K>, PairOf<S>>> => {
  const size = pairOf(options.size)
  const stride = pairOf(options.stride ?? options.size)
  const label = `avgPool2d(${size[0]}×${size[1]})`
  return stage(label, (row, dtype) => {
    return avgPoolLayer(requireGeometry(label, row, size, stride, [0, 0]), dtype)
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Image<D extends T.DType> = T.Tensor<[number, number, number, number], D>

const avgPoolLayer = <D extends T.DType>(g: Geometry, dtype: D): AnyLayer => {
  const { channels: C, height: H, width: W, outHeight: OH, outWidth: OW } = g
  const [KH, KW] = g.kernel
  const [SH, SW] = g.stride
  const name = `avgPool2d(${KH}×${KW}, stride ${SH}×${SW})`
  const row = [C, H, W]
  const outRow = [C, OH, OW]
  const k = 1 / (KH * KW)
  return {
    name,
    spec: { kind: 'avgPool2d', size: [KH, KW], stride: [SH, SW] },
    dtype,
    inputRow: row,
    outputRow: outRow,
    init: (): NoParams => ({}),
    forward: (_p: NoParams, x: Image<D>, _ctx: Ctx) => {
      requireRows(name, row, dtype, x)
      const batch = x.shape[0]
      const xd = x.data
      const y = T.produceAs([batch, C, OH, OW], dtype, (out) => {
        let o = 0
        for (let plane = 0; plane < batch * C; plane++) {
          const base = plane * H * W
          for (let oy = 0; oy < OH; oy++) {
            for (let ox = 0; ox < OW; ox++, o++) {
              let s = 0
              for (let ky = 0; ky < KH; ky++) {
                const r = base + (oy * SH + ky) * W + ox * SW
                for (let kx = 0; kx < KW; kx++) s += xd[r + kx] ?? 0
              }
              out[o] = s * k
            }
          }
        }
      })
      return [y, { batch }] as const
    },
    backward: (_p: NoParams, tape: AvgPool2dTape, dOut: Image<D>) => {
      requireRows(name, outRow, dtype, dOut)
      const dd = dOut.data
      const dx = T.produceAs([tape.batch, C, H, W], dtype, (out) => {
        let o = 0
        for (let plane = 0; plane < tape.batch * C; plane++) {
          const base = plane * H * W
          for (let oy = 0; oy < OH; oy++) {
            for (let ox = 0; ox < OW; ox++, o++) {
              const d = (dd[o] ?? 0) * k
              for (let ky = 0; ky < KH; ky++) {
                const r = base + (oy * SH + ky) * W + ox * SW
                for (let kx = 0; kx < KW; kx++) out[r + kx] = (out[r + kx] ?? 0) + d
              }
            }
          }
        }
      })
      return [{}, dx] as const
    }
  }
}
