/**
 * Max pooling's loops (no padding): each output is the largest value of its window, and the
 * winner's place in the window is kept for the backward pass.
 *
 *   y[n][c][oy][ox] = max_{ky < kH, kx < kW} x[n][c][oy·sH + ky][ox·sW + kx]
 *   argmax[…]       = ky·kW + kx of that maximum (the first on ties)
 *   dx[n][c][i][j]  = Σ over the outputs whose winner is (i, j) of dy
 *
 * @since 0.3.0
 */
import type { FloatArray, Window } from '../kernels.js'

/**
 * Max pooling forward into the fresh `y` and `argmax` (windows of up to 256 values fit a byte).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.windowOf([1, 1, 2, 2], { kernel: [2, 2], stride: [2, 2] })
 * const [y, at] = [new Float32Array(1), new Uint8Array(1)]
 * Tensor.referenceMaxPoolForward(new Float32Array([1, 4, 3, 2]), y, at, w)
 * assert.deepStrictEqual([y[0], at[0]], [4, 1])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceMaxPoolForward = (xd: FloatArray, out: FloatArray, argmax: Uint8Array | Int32Array, w: Window): void => {
  const { height: H, width: W, outH: OH, outW: OW, kernelH: KH, kernelW: KW, strideH: SH, strideW: SW } = w
  let o = 0
  for (let plane = 0; plane < w.batch * w.channels; plane++) {
    const base = plane * H * W
    for (let oy = 0; oy < OH; oy++) {
      const top = base + oy * SH * W
      for (let ox = 0; ox < OW; ox++, o++) {
        const corner = top + ox * SW
        if (KH === 2 && KW === 2) {
          // the common 2×2 window, unrolled (same order, same ties)
          const a = xd[corner]!
          const b = xd[corner + 1]!
          const c = xd[corner + W]!
          const d = xd[corner + W + 1]!
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
            const v = xd[r + kx]!
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
}

/**
 * Max pooling backward: each dy goes to its window's winner, into `dx` (zeroed here first: it may
 * hold a recycled array's values).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.windowOf([1, 1, 2, 2], { kernel: [2, 2], stride: [2, 2] })
 * const dx = new Float32Array(4)
 * Tensor.referenceMaxPoolBackward(new Float32Array([5]), new Uint8Array([1]), dx, w)
 * assert.deepStrictEqual(Array.from(dx), [0, 5, 0, 0])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceMaxPoolBackward = (dd: FloatArray, argmax: Uint8Array | Int32Array, dx: FloatArray, w: Window): void => {
  const { height: H, width: W, outH: OH, outW: OW, kernelW: KW, strideH: SH, strideW: SW } = w
  dx.fill(0)
  let o = 0
  for (let plane = 0; plane < w.batch * w.channels; plane++) {
    const base = plane * H * W
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, o++) {
        const at = argmax[o]!
        const i = base + (oy * SH + Math.floor(at / KW)) * W + ox * SW + (at % KW)
        dx[i] = dx[i]! + dd[o]!
      }
    }
  }
}
