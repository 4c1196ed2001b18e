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
import type { ConvSpec, FloatArray, Window } from '../kernels.js'

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

/**
 * A convolution layer's forward pass as the formula reads (see `Conv2dForward`):
 * y[n][f][oy][ox] = b[f] + Σ_{c,ky,kx} w[f][(c·kH + ky)·kW + kx] · x[n][c][oy·sH + ky − pH][ox·sW + kx − pW].
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const spec = { ...Tensor.windowOf([1, 1, 2, 2], { kernel: [2, 2] }), filters: 1 }
 * const y = new Float32Array(1)
 * Tensor.referenceConv2dForward(new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, 1]), new Float32Array([10]), y, spec)
 * assert.deepStrictEqual(Array.from(y), [15])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceConv2dForward = (x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, s: ConvSpec): void => {
  // each output starts at its bias, then every tap adds on, in (c, ky, kx) order
  for (let n = 0; n < s.batch; n++)
    for (let f = 0; f < s.filters; f++)
      for (let q = 0, at = (n * s.filters + f) * s.outH * s.outW; q < s.outH * s.outW; q++) y[at + q] = b[f]!
  eachTap(s, (n, f, q, wi, xi) => {
    const at = (n * s.filters + f) * s.outH * s.outW + q
    y[at] = y[at]! + w[wi]! * x[xi]!
  })
}

/**
 * Its gradients, by the chain rule on the same sum: every tap w[f][k]·x[…] that made y[n][f][q]
 * gets dy[n][f][q] — ∂w[f][k] += dy·x[…], ∂x[…] += dy·w[f][k] — and db[f] = Σ dy[·][f][·].
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const spec = { ...Tensor.windowOf([1, 1, 2, 2], { kernel: [2, 2] }), filters: 1 }
 * const [dw, db, dx] = [new Float32Array(4), new Float32Array(1), new Float32Array(4)]
 * Tensor.referenceConv2dBackward(new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, 1]), new Float32Array([2]), dw, db, dx, spec)
 * assert.deepStrictEqual([Array.from(dw), Array.from(db), Array.from(dx)], [[2, 4, 6, 8], [2], [2, 0, 0, 2]])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceConv2dBackward = (x: FloatArray, w: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, dx: FloatArray | undefined, s: ConvSpec): void => {
  dw.fill(0)
  db.fill(0)
  dx?.fill(0)
  eachTap(s, (n, f, q, wi, xi) => {
    const d = dy[(n * s.filters + f) * s.outH * s.outW + q]!
    dw[wi] = dw[wi]! + d * x[xi]!
    if (dx !== undefined) dx[xi] = dx[xi]! + d * w[wi]!
  })
  for (let n = 0; n < s.batch; n++)
    for (let f = 0; f < s.filters; f++)
      for (let q = 0, at = (n * s.filters + f) * s.outH * s.outW; q < s.outH * s.outW; q++) db[f] = db[f]! + dy[at + q]!
}

// Every (example n, filter f, output position q, weight index, input index) inside the image.
const eachTap = (s: ConvSpec, tap: (n: number, f: number, q: number, wi: number, xi: number) => void): void => {
  for (let n = 0; n < s.batch; n++)
    for (let f = 0; f < s.filters; f++)
      for (let oy = 0; oy < s.outH; oy++)
        for (let ox = 0; ox < s.outW; ox++)
          for (let c = 0; c < s.channels; c++)
            for (let ky = 0; ky < s.kernelH; ky++)
              for (let kx = 0; kx < s.kernelW; kx++) {
                const iy = oy * s.strideH + ky - s.padH
                const ix = ox * s.strideW + kx - s.padW
                if (iy < 0 || iy >= s.height || ix < 0 || ix >= s.width) continue
                tap(n, f, oy * s.outW + ox, (f * s.channels + c) * s.kernelH * s.kernelW + ky * s.kernelW + kx, ((n * s.channels + c) * s.height + iy) * s.width + ix)
              }
}
