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
 * Plain loops writing fresh arrays, no closure per element. The loop-for-loop reference is
 * `maxPool2dReference` (reference.ts).
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
  return {
    name,
    spec: { kind: 'maxPool2d', size: [KH, KW], stride: [SH, SW] },
    dtype,
    inputRow: row,
    outputRow: outRow,
    init: (): NoParams => ({}),
    forward: (_p: NoParams, x: Image<D>, _ctx: Ctx) => {
      requireRows(name, row, dtype, x)
      const batch = x.shape[0]
      const xd = x.data
      // The winner of each window as its offset ky·KW + kx inside the window (one byte for
      // windows of up to 256 values): a quarter of the memory of flat indices.
      const argmax = KH * KW <= 256 ? new Uint8Array(batch * C * OH * OW) : new Int32Array(batch * C * OH * OW)
      const y = T.produceAs([batch, C, OH, OW], dtype, (out) => {
        let o = 0
        for (let plane = 0; plane < batch * C; plane++) {
          const base = plane * H * W
          for (let oy = 0; oy < OH; oy++) {
            const top = base + oy * SH * W
            for (let ox = 0; ox < OW; ox++, o++) {
              const corner = top + ox * SW
              if (KH === 2 && KW === 2) {
                // the common 2×2 window, unrolled
                const a = xd[corner] ?? 0
                const b = xd[corner + 1] ?? 0
                const c = xd[corner + W] ?? 0
                const d = xd[corner + W + 1] ?? 0
                let best = a
                let at = 0
                if (b > best) (best = b), (at = 1)
                if (c > best) (best = c), (at = 2)
                if (d > best) (best = d), (at = 3)
                out[o] = best
                argmax[o] = at
                continue
              }
              let best = -Infinity
              let at = 0
              for (let ky = 0; ky < KH; ky++) {
                const r = corner + ky * W
                for (let kx = 0; kx < KW; kx++) {
                  const v = xd[r + kx] ?? 0
                  if (v > best) {
                    best = v
                    at = ky * KW + kx
                  }
                }
              }
              out[o] = best
              argmax[o] = at
            }
          }
        }
      })
      return [y, { argmax, batch }] as const
    },
    backward: (_p: NoParams, tape: MaxPool2dTape, dOut: Image<D>) => {
      requireRows(name, outRow, dtype, dOut)
      const dd = dOut.data
      const { argmax } = tape
      const dx = T.produceAs([tape.batch, C, H, W], dtype, (out) => {
        let o = 0
        for (let plane = 0; plane < tape.batch * C; plane++) {
          const base = plane * H * W
          for (let oy = 0; oy < OH; oy++) {
            for (let ox = 0; ox < OW; ox++, o++) {
              const at = argmax[o] ?? 0
              const i = base + (oy * SH + Math.floor(at / KW)) * W + ox * SW + (at % KW)
              out[i] = (out[i] ?? 0) + (dd[o] ?? 0)
            }
          }
        }
      })
      return [{}, dx] as const
    }
  }
}
