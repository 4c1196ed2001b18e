/**
 * im2col and col2im, the lecture's way (「ゼロから作る Deep Learning」 §7.4): a convolution becomes
 * one matrix product once every window of the input is laid out as a row.
 *
 *   cols[(n·outH + oy)·outW + ox][(c·kH + ky)·kW + kx] = x[n][c][oy·sH + ky − pH][ox·sW + kx − pW]
 *
 * (zero where the window hangs over the padding). col2im is its adjoint: each entry of the
 * columns is added back onto the pixel it came from, so overlapping windows sum — exactly the
 * gradient of im2col.
 *
 * @since 0.3.0
 */
import type { FloatArray, Window } from '../kernels.js'

/**
 * Every window of an NCHW batch as one row (see the file header).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.windowOf([1, 1, 2, 2], { kernel: [2, 2] })
 * const out = new Float32Array(4)
 * Tensor.referenceIm2col(new Float32Array([1, 2, 3, 4]), out, w)
 * assert.deepStrictEqual(Array.from(out), [1, 2, 3, 4])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceIm2col = (x: FloatArray, out: FloatArray, w: Window): void => {
  const width = w.channels * w.kernelH * w.kernelW
  for (let n = 0; n < w.batch; n++) {
    for (let oy = 0; oy < w.outH; oy++) {
      for (let ox = 0; ox < w.outW; ox++) {
        const row = ((n * w.outH + oy) * w.outW + ox) * width
        for (let c = 0; c < w.channels; c++) {
          for (let ky = 0; ky < w.kernelH; ky++) {
            for (let kx = 0; kx < w.kernelW; kx++) {
              const y = oy * w.strideH + ky - w.padH
              const xx = ox * w.strideW + kx - w.padW
              const inside = y >= 0 && y < w.height && xx >= 0 && xx < w.width
              out[row + (c * w.kernelH + ky) * w.kernelW + kx] = inside ? x[((n * w.channels + c) * w.height + y) * w.width + xx]! : 0
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: sum every row's entries back onto their pixels (into the zeroed `out`).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.windowOf([1, 1, 2, 2], { kernel: [1, 1] })
 * const out = new Float32Array(4)
 * Tensor.referenceCol2im(new Float32Array([1, 2, 3, 4]), out, w)
 * assert.deepStrictEqual(Array.from(out), [1, 2, 3, 4])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceCol2im = (cols: FloatArray, out: FloatArray, w: Window): void => {
  const width = w.channels * w.kernelH * w.kernelW
  for (let n = 0; n < w.batch; n++) {
    for (let oy = 0; oy < w.outH; oy++) {
      for (let ox = 0; ox < w.outW; ox++) {
        const row = ((n * w.outH + oy) * w.outW + ox) * width
        for (let c = 0; c < w.channels; c++) {
          for (let ky = 0; ky < w.kernelH; ky++) {
            for (let kx = 0; kx < w.kernelW; kx++) {
              const y = oy * w.strideH + ky - w.padH
              const xx = ox * w.strideW + kx - w.padW
              if (y < 0 || y >= w.height || xx < 0 || xx >= w.width) continue
              const at = ((n * w.channels + c) * w.height + y) * w.width + xx
              out[at] = out[at]! + cols[row + (c * w.kernelH + ky) * w.kernelW + kx]!
            }
          }
        }
      }
    }
  }
}
