/**
 * im2col and col2im: how a convolution becomes one matrix product (docs/conv.md, "as matrices").
 *
 * For a batch X: [B, C, H, W] (NCHW) and a kernel KH × KW with stride (SH, SW) and zero padding
 * (PH, PW), every output position (b, oy, ox) sees one window of C·KH·KW input values. im2col lays
 * each window out as one row:
 *
 *   col[(b·OH + oy)·OW + ox, (c·KH + ky)·KW + kx] = X[b, c, oy·SH − PH + ky, ox·SW − PW + kx]
 *                                                   (0 where the index falls in the padding)
 *   col : [B·OH·OW, C·KH·KW]
 *
 * so that the convolution with weights W: [F, C, KH, KW], read as a matrix [F, C·KH·KW], is
 * col·Wᵀ : [B·OH·OW, F]. col2im is the adjoint (the transpose of im2col as a linear map): it adds
 * every entry of a column matrix back onto the input position it was copied from, so windows that
 * overlap add up. That is exactly ∂L/∂X given ∂L/∂col.
 *
 * The kernel seam has this row layout as `Tensor.im2col` / `Tensor.col2im` (whole batches, fresh
 * arrays). The convolution's lowering onto a GEMM (src/tensor/kernels/lowered-conv.ts) uses the
 * transposed layout colᵀ : [C·KH·KW, n·OH·OW] instead, a few examples n at a time into scratch
 * memory (`im2colInto`, `col2imInto` here, over this module's `Geometry`): there every inner
 * loop copies a contiguous run of an image row, and no fresh memory is touched per batch. On
 * this machine writing fresh pages costs more than the arithmetic; the transposed, chunked form
 * made im2col about 4.8× faster than the row layout over whole batches (docs/conv.md, "speed").
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import { showRows } from './layer.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The sizes of one 2-d window operation (convolution or pooling), input and output. @category model @since 0.2.0 */
export interface Geometry {
  readonly channels: number
  readonly height: number
  readonly width: number
  readonly kernel: readonly [number, number]
  readonly stride: readonly [number, number]
  readonly padding: readonly [number, number]
  readonly outHeight: number
  readonly outWidth: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The geometry of a window over rows [C, H, W], with out = ⌊(in + 2·padding − kernel) / stride⌋ + 1
 * per axis; a string saying why when the window does not fit.
 *
 * @example
 * import { Layer } from 'kanzen'
 * const g = Layer.geometry([1, 28, 28], [3, 3], [1, 1], [1, 1])
 * assert.ok(typeof g !== 'string' && g.outHeight === 28)
 * assert.strictEqual(Layer.geometry([1, 2, 2], [3, 3], [1, 1], [0, 0]), 'the 3×3 window is larger than the padded input 2×2 (2×2 with padding 0×0)')
 *
 * @category constructors
 * @since 0.2.0
 */
export const geometry = (
  row: T.Shape,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly [number, number]
): Geometry | string => {
  if (row.length !== 3) return `rows [channels, height, width], found rows ${T.showShape(row)}`
  const [channels = 0, height = 0, width = 0] = row
  const [kh, kw] = kernel
  const [sh, sw] = stride
  const [ph, pw] = padding
  for (const [what, v, min] of [
    ['kernel', kh, 1],
    ['kernel', kw, 1],
    ['stride', sh, 1],
    ['stride', sw, 1],
    ['padding', ph, 0],
    ['padding', pw, 0]
  ] as const) {
    if (!Number.isInteger(v) || v < min) return `a ${what} that is an integer ≥ ${min}, found ${v}`
  }
  const h = height + 2 * ph
  const w = width + 2 * pw
  if (kh > h || kw > w) return `the ${kh}×${kw} window is larger than the padded input ${h}×${w} (${height}×${width} with padding ${ph}×${pw})`
  return {
    channels,
    height,
    width,
    kernel,
    stride,
    padding,
    outHeight: Math.floor((h - kh) / sh) + 1,
    outWidth: Math.floor((w - kw) / sw) + 1
  }
}

/**
 * `geometry`, or stop with a shape error naming the layer: a flat input (reshape first) or a
 * window larger than the padded input.
 *
 * @example
 * import { Layer } from 'kanzen'
 * assert.throws(() => Layer.requireGeometry('conv2d(1, 3×3)', [784], [3, 3], [1, 1], [0, 0]), /conv2d\(1, 3×3\): expected a batch of images \[B, channels, height, width\], found \[B, 784\]: reshape/)
 *
 * @category constructors
 * @since 0.2.0
 */
export const requireGeometry = (
  layer: string,
  row: T.Shape,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  padding: readonly [number, number]
): Geometry => {
  if (row.length !== 3) {
    return T.failShape(layer, 'a batch of images [B, channels, height, width]', `${showRows(row)}: reshape([channels, height, width]) first`)
  }
  const g = geometry(row, kernel, stride, padding)
  return typeof g === 'string' ? T.failShape(layer, `a window that fits the input ${showRows(row)}`, g) : g
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The same windows, transposed and a few examples at a time: rows (c, ky, kx), columns
 * (b, oy, ox) for the examples `from … from + count − 1`, written into `colT`
 * ([C·KH·KW, count·OH·OW], overwritten entirely, padding included). This is the layout the fast
 * convolution uses: every inner loop runs along one row of an image and one row of colT, so both
 * reads and writes are contiguous.
 *
 * @category operations
 * @since 0.2.0
 */
export const im2colInto = (xd: T.ReadonlyData, g: Geometry, from: number, count: number, colT: T.FloatArray): void =>
  T.im2colRows(xd, windowOfGeometry(g, from + count), from, count, colT)

/**
 * col2im of a transposed column matrix `colT` ([C·KH·KW, count·OH·OW], as `im2colInto` writes
 * it) added onto the examples `from … from + count − 1` of `dx`.
 *
 * @category operations
 * @since 0.2.0
 */
export const col2imInto = (cd: T.ReadonlyData, g: Geometry, from: number, count: number, dx: T.FloatArray): void =>
  T.col2imRows(cd, windowOfGeometry(g, from + count), from, count, dx)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// The kernel seam's name for the same sizes, over a batch of `batch` examples.
const windowOfGeometry = (g: Geometry, batch: number): T.Window => ({
  batch,
  channels: g.channels,
  height: g.height,
  width: g.width,
  kernelH: g.kernel[0],
  kernelW: g.kernel[1],
  strideH: g.stride[0],
  strideW: g.stride[1],
  padH: g.padding[0],
  padW: g.padding[1],
  outH: g.outHeight,
  outW: g.outWidth
})
