/**
 * im2col and col2im as readable loops: the oracle the native kernels are held to (at start-up
 * and in the specs). NCHW, as ONNX and PyTorch lay images out.
 *
 *   oh = ⌊(h + 2·padH − kh) / strideH⌋ + 1,   ow likewise
 *   cols[n][(c·kh + u)·kw + v][y·ow + x] = img[n][c][y·strideH − padH + u][x·strideW − padW + v]
 *   (0 where that pixel is in the padding)
 *
 * col2im is the adjoint (the backward pass of im2col): each entry of cols is added back into the
 * pixel it came from, so where windows overlap their gradients sum.
 *
 * @since 0.3.0
 */
import type { FloatArray } from '../kernels.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A convolution's geometry: a batch of n images of c channels, h × w, and the kernel window. @category kernels @since 0.3.0 */
export interface ConvGeometry {
  readonly n: number
  readonly c: number
  readonly h: number
  readonly w: number
  readonly kh: number
  readonly kw: number
  readonly strideH: number
  readonly strideW: number
  readonly padH: number
  readonly padW: number
}

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/** Output height and width of a geometry. @category kernels @since 0.3.0 */
export const convOutput = (g: ConvGeometry): readonly [number, number] => [
  Math.floor((g.h + 2 * g.padH - g.kh) / g.strideH) + 1,
  Math.floor((g.w + 2 * g.padW - g.kw) / g.strideW) + 1
]

/** Fill `cols` (n·c·kh·kw·oh·ow values, fresh) from `img` (n·c·h·w). @category kernels @since 0.3.0 */
export const referenceIm2col = (g: ConvGeometry, img: FloatArray, cols: FloatArray): void => {
  walk(g, (pixel, col) => {
    cols[col] = pixel < 0 ? 0 : img[pixel]!
  })
}

/** Fill `img` (n·c·h·w values, fresh and zeroed) with the sums of `cols`. @category kernels @since 0.3.0 */
export const referenceCol2im = (g: ConvGeometry, cols: FloatArray, img: FloatArray): void => {
  walk(g, (pixel, col) => {
    if (pixel >= 0) img[pixel] = img[pixel]! + cols[col]!
  })
}

// Every (pixel index or −1 for padding, cols index) pair, in cols order.
const walk = (g: ConvGeometry, visit: (pixel: number, col: number) => void): void => {
  const [oh, ow] = convOutput(g)
  let col = 0
  for (let n = 0; n < g.n; n++)
    for (let c = 0; c < g.c; c++)
      for (let u = 0; u < g.kh; u++)
        for (let v = 0; v < g.kw; v++)
          for (let y = 0; y < oh; y++)
            for (let x = 0; x < ow; x++) {
              const iy = y * g.strideH - g.padH + u
              const ix = x * g.strideW - g.padW + v
              const inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w
              visit(inside ? ((n * g.c + c) * g.h + iy) * g.w + ix : -1, col++)
            }
}
