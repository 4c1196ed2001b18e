/**
 * Sliding windows over NCHW image batches, for convolutions: the output-size arithmetic, and
 * im2col / col2im as tensor operations (the loops are the active backend's; see kernels/).
 *
 *   outH = ⌊(H + 2·padH − kernelH) / strideH⌋ + 1,   outW likewise
 *   im2col: [N, C, H, W] → [N·outH·outW, C·kernelH·kernelW]   (one row per output position)
 *   col2im: the adjoint, [N·outH·outW, C·kernelH·kernelW] → [N, C, H, W] (overlaps are summed)
 *
 * A convolution with filters F: [O, C·kH·kW] is then Y = im2col(X)·Fᵀ (`matmulTransB`), and its
 * backward pass ∂L/∂F = Δᵀ·im2col(X) (`matmulTransA`), ∂L/∂X = col2im(Δ·F) (`matmul`).
 *
 * @since 0.3.0
 */
import { mismatch } from './check.js'
import { activeKernels } from './kernels/select.js'
import type { ConvSpec, Window } from './kernels/kernels.js'
import { showShape } from './shape.js'
import { allocate, allocateFilled, dataOf, unsafeMake } from './tensor.js'
import type { DType, Tensor } from './tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** An NCHW shape: [batch, channels, height, width]. @category model @since 0.3.0 */
export type ImageShape = readonly [number, number, number, number]

/** A window: its size, and optionally its stride (default 1) and zero padding on each side (default 0), as [vertical, horizontal]. @category model @since 0.3.0 */
export interface WindowOptions {
  readonly kernel: readonly [number, number]
  readonly stride?: readonly [number, number]
  readonly padding?: readonly [number, number]
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The geometry of a window over an NCHW shape, with its output size; stops with a shape error
 * when the window does not fit (a kernel larger than the padded image) or a size is not a
 * positive integer.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.windowOf([2, 3, 28, 28], { kernel: [3, 3], padding: [1, 1] })
 * assert.deepStrictEqual([w.outH, w.outW], [28, 28])
 * assert.strictEqual(Tensor.windowOf([1, 1, 28, 28], { kernel: [2, 2], stride: [2, 2] }).outH, 14)
 *
 * @category constructors
 * @since 0.3.0
 */
export const windowOf = (shape: ImageShape, options: WindowOptions): Window => {
  const [kernelH, kernelW] = options.kernel
  const [strideH, strideW] = options.stride ?? [1, 1]
  const [padH, padW] = options.padding ?? [0, 0]
  const [batch, channels, height, width] = shape
  const whole = (x: number, min: number): boolean => Number.isInteger(x) && x >= min
  if (shape.length !== 4 || ![batch, channels, height, width].every((d) => whole(d, 0))) mismatch('window', 'an NCHW shape [batch, channels, height, width]', showShape(shape))
  if (![kernelH, kernelW, strideH, strideW].every((d) => whole(d, 1)) || !whole(padH, 0) || !whole(padW, 0)) {
    mismatch('window', 'kernel and stride ≥ 1, padding ≥ 0 (integers)', `kernel ${showShape(options.kernel)}, stride [${strideH}, ${strideW}], padding [${padH}, ${padW}]`)
  }
  const outH = Math.floor((height + 2 * padH - kernelH) / strideH) + 1
  const outW = Math.floor((width + 2 * padW - kernelW) / strideW) + 1
  if (outH < 1 || outW < 1) mismatch('window', `a ${kernelH}×${kernelW} window to fit in the padded ${height + 2 * padH}×${width + 2 * padW} image`, showShape(shape))
  return { batch, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, outH, outW }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Every window of an NCHW batch as one row: `[N, C, H, W] → [N·outH·outW, C·kH·kW]`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const x = Tensor.tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]])
 * const cols = Tensor.im2col(x, { kernel: [2, 2] })
 * assert.deepStrictEqual(Tensor.toNested(cols), [[1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]])
 *
 * @category operations
 * @since 0.3.0
 */
export const im2col = <D extends DType>(x: Tensor<ImageShape, D>, options: WindowOptions): Tensor<[number, number], D> => {
  const w = windowOf(x.shape, options)
  const rows = w.batch * w.outH * w.outW
  const cols = w.channels * w.kernelH * w.kernelW
  const out = allocate(x.dtype, rows * cols)
  activeKernels().im2col(dataOf(x), out, w)
  return unsafeMake([rows, cols], x.dtype, out)
}

/**
 * The adjoint of im2col: rows of window values summed back into an NCHW batch of `shape`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const cols = Tensor.fill([4, 4], 1)
 * const back = Tensor.col2im(cols, [1, 1, 3, 3], { kernel: [2, 2] })
 * assert.deepStrictEqual(Tensor.toNested(back), [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]])
 *
 * @category operations
 * @since 0.3.0
 */
export const col2im = <const S extends ImageShape, D extends DType>(cols: Tensor<readonly [number, number], D>, shape: S, options: WindowOptions): Tensor<S, D> => {
  const w = windowOf(shape, options)
  const rows = w.batch * w.outH * w.outW
  const width = w.channels * w.kernelH * w.kernelW
  if (cols.shape.length !== 2 || cols.shape[0] !== rows || cols.shape[1] !== width) {
    mismatch('col2im', `columns [${rows}, ${width}] for ${showShape(shape)} with a ${w.kernelH}×${w.kernelW} window`, showShape(cols.shape))
  }
  const out = allocate(cols.dtype, w.batch * w.channels * w.height * w.width)
  activeKernels().col2im(dataOf(cols), out, w)
  return unsafeMake(shape, cols.dtype, out)
}

/** The filters of a convolution: [F, C, kH, kW]. @category model @since 0.3.0 */
export type FilterShape = readonly [number, number, number, number]

const convSpecOf = (name: string, x: Tensor<ImageShape, DType>, w: Tensor<FilterShape, DType>, options: WindowOptions): ConvSpec => {
  const win = windowOf(x.shape, options)
  const [filters, channels, kh, kw] = w.shape
  if (w.shape.length !== 4 || channels !== win.channels || kh !== win.kernelH || kw !== win.kernelW || w.dtype !== x.dtype) {
    mismatch(name, `filters [F, ${win.channels}, ${win.kernelH}, ${win.kernelW}] ${x.dtype} for the input ${showShape(x.shape)}`, `${showShape(w.shape)} ${w.dtype}`)
  }
  return { ...win, filters: filters ?? 0 }
}

/**
 * The convolution layer's forward pass, y = conv(x, w) + b (cross-correlation, NCHW), through the
 * active kernels' `conv2dForward`: x [B, C, H, W], w [F, C, kH, kW], b [F] → y [B, F, outH, outW].
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const y = Tensor.conv2d(Tensor.tensor([[[[1, 2], [3, 4]]]]), Tensor.tensor([[[[1, 0], [0, 1]]]]), Tensor.tensor([10]), { kernel: [2, 2] })
 * assert.deepStrictEqual([y.shape, Array.from(y.data)], [[1, 1, 1, 1], [15]])
 *
 * @category operations
 * @since 0.3.0
 */
export const conv2d = <D extends DType>(x: Tensor<ImageShape, D>, w: Tensor<FilterShape, D>, b: Tensor<readonly [number], D>, options: WindowOptions): Tensor<[number, number, number, number], D> => {
  const s = convSpecOf('conv2d', x, w, options)
  if (b.shape.length !== 1 || b.shape[0] !== s.filters || b.dtype !== x.dtype) mismatch('conv2d', `a bias [${s.filters}] ${x.dtype}`, `${showShape(b.shape)} ${b.dtype}`)
  const y = allocateFilled(x.dtype, s.batch * s.filters * s.outH * s.outW)
  activeKernels().conv2dForward(dataOf(x), dataOf(w), dataOf(b), y, s)
  return unsafeMake([s.batch, s.filters, s.outH, s.outW], x.dtype, y)
}

/**
 * The gradients of `conv2d` for dy = ∂L/∂y: ∂L/∂w [F, C, kH, kW], ∂L/∂b [F], and ∂L/∂x [B, C, H, W]
 * when `input` is true (the first layer of a network needs none).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const g = Tensor.conv2dGrads(Tensor.tensor([[[[1, 2], [3, 4]]]]), Tensor.tensor([[[[1, 0], [0, 1]]]]), Tensor.tensor([[[[2]]]]), { kernel: [2, 2] }, true)
 * assert.deepStrictEqual([Array.from(g.dw.data), Array.from(g.db.data), Array.from(g.dx?.data ?? [])], [[2, 4, 6, 8], [2], [2, 0, 0, 2]])
 *
 * @category operations
 * @since 0.3.0
 */
export const conv2dGrads = <D extends DType>(
  x: Tensor<ImageShape, D>,
  w: Tensor<FilterShape, D>,
  dy: Tensor<ImageShape, D>,
  options: WindowOptions,
  input: boolean
): { readonly dw: Tensor<[number, number, number, number], D>; readonly db: Tensor<[number], D>; readonly dx: Tensor<[number, number, number, number], D> | undefined } => {
  const s = convSpecOf('conv2dGrads', x, w, options)
  const want = [s.batch, s.filters, s.outH, s.outW]
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== want[i]) || dy.dtype !== x.dtype) mismatch('conv2dGrads', `∂L/∂y ${showShape(want)} ${x.dtype}`, `${showShape(dy.shape)} ${dy.dtype}`)
  const K = s.channels * s.kernelH * s.kernelW
  const dw = allocateFilled(x.dtype, s.filters * K)
  const db = allocateFilled(x.dtype, s.filters)
  const dx = input ? allocateFilled(x.dtype, x.size) : undefined
  activeKernels().conv2dBackward(dataOf(x), dataOf(w), dataOf(dy), dw, db, dx, s)
  return {
    dw: unsafeMake([s.filters, s.channels, s.kernelH, s.kernelW], x.dtype, dw),
    db: unsafeMake([s.filters], x.dtype, db),
    dx: dx === undefined ? undefined : unsafeMake([s.batch, s.channels, s.height, s.width], x.dtype, dx)
  }
}

/**
 * Max pooling (no padding): y [B, C, outH, outW] holds each window's largest value, and `argmax`
 * its winner's offset ky·kW + kx in the window (what `maxPool2dGrad` needs), through the active
 * kernels' `maxPoolForward`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const { y, argmax } = Tensor.maxPool2d(Tensor.tensor([[[[1, 4], [3, 2]]]]), { kernel: [2, 2], stride: [2, 2] })
 * assert.deepStrictEqual([Tensor.toNested(y), Array.from(argmax)], [[[[[4]]]], [1]])
 *
 * @category operations
 * @since 0.3.0
 */
export const maxPool2d = <D extends DType>(x: Tensor<ImageShape, D>, options: WindowOptions): { readonly y: Tensor<[number, number, number, number], D>; readonly argmax: Uint8Array | Int32Array } => {
  const w = poolWindow('maxPool2d', x.shape, options)
  const n = w.batch * w.channels * w.outH * w.outW
  const y = allocateFilled(x.dtype, n)
  const argmax = w.kernelH * w.kernelW <= 256 ? new Uint8Array(n) : new Int32Array(n)
  activeKernels().maxPoolForward(dataOf(x), y, argmax, w)
  return { y: unsafeMake([w.batch, w.channels, w.outH, w.outW], x.dtype, y), argmax }
}

/**
 * The gradient of `maxPool2d`: each ∂L/∂y goes to its window's winner, ∂L/∂x : `shape`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const dx = Tensor.maxPool2dGrad(Tensor.tensor([[[[5]]]]), new Uint8Array([1]), [1, 1, 2, 2], { kernel: [2, 2], stride: [2, 2] })
 * assert.deepStrictEqual(Tensor.toNested(dx), [[[[0, 5], [0, 0]]]])
 *
 * @category operations
 * @since 0.3.0
 */
export const maxPool2dGrad = <const S extends ImageShape, D extends DType>(dy: Tensor<ImageShape, D>, argmax: Uint8Array | Int32Array, shape: S, options: WindowOptions): Tensor<S, D> => {
  const w = poolWindow('maxPool2dGrad', shape, options)
  const want = [w.batch, w.channels, w.outH, w.outW]
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== want[i]) || argmax.length !== dy.size) {
    mismatch('maxPool2dGrad', `∂L/∂y ${showShape(want)} and as many winners`, `${showShape(dy.shape)} and ${argmax.length} winners`)
  }
  const dx = allocateFilled(dy.dtype, w.batch * w.channels * w.height * w.width)
  activeKernels().maxPoolBackward(dataOf(dy), argmax, dx, w)
  return unsafeMake(shape, dy.dtype, dx)
}

const poolWindow = (name: string, shape: ImageShape, options: WindowOptions): Window => {
  const w = windowOf(shape, options)
  if (w.padH !== 0 || w.padW !== 0) mismatch(name, 'no padding', `padding [${w.padH}, ${w.padW}]`)
  return w
}
