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
 * These are plain loops writing fresh arrays; the kernel seam (src/tensor/kernels) will provide
 * the same two operations, and this file then only forwards to them.
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
  const [channels, height, width] = row as readonly [number, number, number]
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
 * The windows of X: [B, C, H, W] as the rows of col: [B·OH·OW, C·KH·KW].
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const g = Layer.geometry([1, 2, 2], [2, 2], [1, 1], [0, 0])
 * assert.ok(typeof g !== 'string')
 * const col = Layer.im2col(Tensor.tensor([[[[1, 2], [3, 4]]]]), g)
 * assert.deepStrictEqual(Tensor.toNested(col), [[1, 2, 3, 4]])
 *
 * @category operations
 * @since 0.2.0
 */
export const im2col = <D extends T.DType>(x: T.Tensor<T.Shape, D>, g: Geometry): T.Tensor<[number, number], D> => {
  const batch = x.shape[0]!
  const K = g.channels * g.kernel[0] * g.kernel[1]
  return T.produceAs([batch * g.outHeight * g.outWidth, K] as [number, number], x.dtype, (col) => im2colInto(x.data, g, 0, batch, col))
}

/**
 * The adjoint of `im2col`: col: [B·OH·OW, C·KH·KW] added back onto X's positions, [B, C, H, W].
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const g = Layer.geometry([1, 2, 2], [1, 1], [1, 1], [0, 0])
 * assert.ok(typeof g !== 'string')
 * const dx = Layer.col2im(Tensor.tensor([[1], [2], [3], [4]]), g, 1)
 * assert.deepStrictEqual(Tensor.toNested(dx), [[[[1, 2], [3, 4]]]])
 *
 * @category operations
 * @since 0.2.0
 */
export const col2im = <D extends T.DType>(col: T.Tensor<[number, number], D>, g: Geometry, batch: number): T.Tensor<[number, number, number, number], D> =>
  T.produceAs([batch, g.channels, g.height, g.width] as [number, number, number, number], col.dtype, (dx) => col2imInto(col.data, g, 0, batch, dx))

/**
 * im2col of the examples `from … from + count − 1` of X's data into `col` (count·OH·OW rows,
 * overwritten entirely, padding included): the loop behind `im2col`, for layers that convolve a
 * batch a few examples at a time through a workspace of their own.
 *
 * @category operations
 * @since 0.2.0
 */
export const im2colInto = (xd: T.ReadonlyData, g: Geometry, from: number, count: number, col: T.FloatArray): void => {
  const { channels: C, height: H, width: W, outHeight: OH, outWidth: OW } = g
  const [KH, KW] = g.kernel
  const [SH, SW] = g.stride
  const [PH, PW] = g.padding
  const K = C * KH * KW
  col.fill(0, 0, count * OH * OW * K)
  let row = 0
  for (let b = from; b < from + count; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, row++) {
        const base = row * K
        for (let c = 0; c < C; c++) {
          const plane = (b * C + c) * H
          for (let ky = 0; ky < KH; ky++) {
            const iy = oy * SH - PH + ky
            if (iy < 0 || iy >= H) continue // padding: left at 0
            const src = (plane + iy) * W
            const dst = base + (c * KH + ky) * KW
            for (let kx = 0; kx < KW; kx++) {
              const ix = ox * SW - PW + kx
              if (ix >= 0 && ix < W) col[dst + kx] = xd[src + ix]!
            }
          }
        }
      }
    }
  }
}

/**
 * col2im of `count` examples' rows of `col` added onto the examples `from …` of `dx`.
 *
 * @category operations
 * @since 0.2.0
 */
export const col2imInto = (cd: T.ReadonlyData, g: Geometry, from: number, count: number, dx: T.FloatArray): void => {
  const { channels: C, height: H, width: W, outHeight: OH, outWidth: OW } = g
  const [KH, KW] = g.kernel
  const [SH, SW] = g.stride
  const [PH, PW] = g.padding
  const K = C * KH * KW
  let row = 0
  for (let b = from; b < from + count; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, row++) {
        const base = row * K
        for (let c = 0; c < C; c++) {
          const plane = (b * C + c) * H
          for (let ky = 0; ky < KH; ky++) {
            const iy = oy * SH - PH + ky
            if (iy < 0 || iy >= H) continue
            const dst = (plane + iy) * W
            const src = base + (c * KH + ky) * KW
            for (let kx = 0; kx < KW; kx++) {
              const ix = ox * SW - PW + kx
              if (ix >= 0 && ix < W) dx[dst + ix] = dx[dst + ix]! + cd[src + kx]!
            }
          }
        }
      }
    }
  }
}
