/**
 * Reference convolution and pooling: the formulas of conv2d.ts, max-pool2d.ts and avg-pool2d.ts
 * written as the plain nested loops of the lecture (one loop per index, no im2col, no matrix
 * product), computed in float64. Slow and obviously right; the fast layers are property-tested
 * against them (spec/layers/conv-reference.spec.ts) on random shapes, strides, paddings and batch
 * sizes. The convolution's loops are the kernel seam's reference (`Tensor.referenceConv2dForward`
 * and `referenceConv2dBackward`, src/tensor/kernels/reference/conv.ts); here they take tensors.
 *
 * All tensors are NCHW: X: [B, C, H, W], W: [F, C, KH, KW], b: [F], Y: [B, F, OH, OW].
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Stride and padding per axis. @category model @since 0.2.0 */
export interface WindowSteps {
  readonly stride: readonly [number, number]
  readonly padding: readonly [number, number]
}

/** The three gradients of a convolution. @category model @since 0.2.0 */
export interface Conv2dGradients<D extends T.DType> {
  readonly w: T.Tensor<[number, number, number, number], D>
  readonly b: T.Tensor<[number], D>
  readonly x: T.Tensor<[number, number, number, number], D>
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Y[b, f, oy, ox] = b_f + Σ_c Σ_ky Σ_kx W[f, c, ky, kx] · X[b, c, oy·SH − PH + ky, ox·SW − PW + kx].
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const x = Tensor.tensor([[[[1, 2], [3, 4]]]], 'float64')
 * const w = Tensor.tensor([[[[1, 0], [0, 1]]]], 'float64')
 * const y = Layer.conv2dReference(x, w, Tensor.tensor([0.5], 'float64'), { stride: [1, 1], padding: [0, 0] })
 * assert.deepStrictEqual(Tensor.toNested(y), [[[[5.5]]]])
 *
 * @category operations
 * @since 0.2.0
 */
export const conv2dReference = <D extends T.DType>(x: Image<D>, w: Image<D>, bias: T.Tensor<[number], D>, steps: WindowSteps): Image<D> => {
  const spec = convSpec(x, w, steps)
  const y = new Float64Array(spec.batch * spec.filters * spec.outH * spec.outW)
  T.referenceConv2dForward(f64(x), f64(w), f64(bias), y, spec)
  return copy([spec.batch, spec.filters, spec.outH, spec.outW], x.dtype, y)
}

/**
 * The gradients of a convolution, loop by loop: every product W[f, c, ky, kx] · X[b, c, iy, ix]
 * that made Y[b, f, oy, ox] sends Δ[b, f, oy, ox] · X to ∂L/∂W and Δ · W to ∂L/∂X.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const x = Tensor.tensor([[[[1, 2], [3, 4]]]], 'float64')
 * const w = Tensor.tensor([[[[1, 0], [0, 1]]]], 'float64')
 * const g = Layer.conv2dBackwardReference(x, w, Tensor.tensor([[[[2]]]], 'float64'), { stride: [1, 1], padding: [0, 0] })
 * assert.deepStrictEqual(Tensor.toNested(g.w), [[[[2, 4], [6, 8]]]])
 * assert.deepStrictEqual(Tensor.toNested(g.x), [[[[2, 0], [0, 2]]]])
 *
 * @category operations
 * @since 0.2.0
 */
export const conv2dBackwardReference = <D extends T.DType>(x: Image<D>, w: Image<D>, dy: Image<D>, steps: WindowSteps): Conv2dGradients<D> => {
  const spec = convSpec(x, w, steps)
  const dw = new Float64Array(w.size)
  const db = new Float64Array(spec.filters)
  const dx = new Float64Array(x.size)
  T.referenceConv2dBackward(f64(x), f64(w), f64(dy), dw, db, dx, spec)
  return { w: copy(w.shape, x.dtype, dw), b: copy([spec.filters], x.dtype, db), x: copy(x.shape, x.dtype, dx) }
}

/**
 * Y[b, c, oy, ox] = max over the window of X[b, c, oy·SH + ky, ox·SW + kx].
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const y = Layer.maxPool2dReference(Tensor.tensor([[[[1, 5], [3, 4]]]], 'float64'), [2, 2], [2, 2])
 * assert.deepStrictEqual(Tensor.toNested(y), [[[[5]]]])
 *
 * @category operations
 * @since 0.2.0
 */
export const maxPool2dReference = <D extends T.DType>(x: Image<D>, size: readonly [number, number], stride: readonly [number, number]): Image<D> =>
  pool(x, size, stride, (vals) => Math.max(...vals))

/**
 * ∂L/∂X of max pooling: each window's Δ goes to the (first) largest value of the window.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const dx = Layer.maxPool2dBackwardReference(Tensor.tensor([[[[1, 5], [3, 4]]]], 'float64'), Tensor.tensor([[[[7]]]], 'float64'), [2, 2], [2, 2])
 * assert.deepStrictEqual(Tensor.toNested(dx), [[[[0, 7], [0, 0]]]])
 *
 * @category operations
 * @since 0.2.0
 */
export const maxPool2dBackwardReference = <D extends T.DType>(
  x: Image<D>,
  dy: Image<D>,
  size: readonly [number, number],
  stride: readonly [number, number]
): Image<D> =>
  poolBackward(x, dy, size, stride, (vals) => {
    const best = vals.indexOf(Math.max(...vals))
    return vals.map((_, i) => (i === best ? 1 : 0))
  })

/**
 * Y[b, c, oy, ox] = mean over the window of X[b, c, oy·SH + ky, ox·SW + kx].
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const y = Layer.avgPool2dReference(Tensor.tensor([[[[1, 5], [3, 4]]]], 'float64'), [2, 2], [2, 2])
 * assert.deepStrictEqual(Tensor.toNested(y), [[[[3.25]]]])
 *
 * @category operations
 * @since 0.2.0
 */
export const avgPool2dReference = <D extends T.DType>(x: Image<D>, size: readonly [number, number], stride: readonly [number, number]): Image<D> =>
  pool(x, size, stride, (vals) => vals.reduce((a, v) => a + v, 0) / vals.length)

/**
 * ∂L/∂X of average pooling: each window's Δ is shared equally by its KH·KW inputs.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const x = Tensor.tensor([[[[1, 5], [3, 4]]]], 'float64')
 * const dx = Layer.avgPool2dBackwardReference(x, Tensor.tensor([[[[8]]]], 'float64'), [2, 2], [2, 2])
 * assert.deepStrictEqual(Tensor.toNested(dx), [[[[2, 2], [2, 2]]]])
 *
 * @category operations
 * @since 0.2.0
 */
export const avgPool2dBackwardReference = <D extends T.DType>(
  x: Image<D>,
  dy: Image<D>,
  size: readonly [number, number],
  stride: readonly [number, number]
): Image<D> => poolBackward(x, dy, size, stride, (vals) => vals.map(() => 1 / vals.length))

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Image<D extends T.DType> = T.Tensor<[number, number, number, number], D>

// t[i][j][k][l], read from the row-major data.
const reader = (t: Image<T.DType>) => {
  const [, d1, d2, d3] = t.shape
  return (i: number, j: number, k: number, l: number): number => t.data[((i * d1 + j) * d2 + k) * d3 + l] ?? 0
}

// The sizes of a convolution of x with the filters w, as the kernel seam takes them.
const convSpec = (x: Image<T.DType>, w: Image<T.DType>, steps: WindowSteps): T.ConvSpec => ({
  ...T.windowOf(x.shape, { kernel: [w.shape[2], w.shape[3]], stride: steps.stride, padding: steps.padding }),
  filters: w.shape[0]
})

const f64 = (t: T.Tensor<T.Shape, T.DType>): Float64Array => Float64Array.from(t.data)

const copy = <S extends T.Shape, D extends T.DType>(shape: S, dtype: D, values: Float64Array): T.Tensor<T.Dims<S>, D> =>
  T.produceAs(shape, dtype, (out) => out.set(values))

// The windows of a pooling, as arrays of values.
const windows = (x: Image<T.DType>, size: readonly [number, number], stride: readonly [number, number]) => {
  const [B, C, H, W] = x.shape
  const OH = Math.floor((H - size[0]) / stride[0]) + 1
  const OW = Math.floor((W - size[1]) / stride[1]) + 1
  const X = reader(x)
  const out: Array<{ readonly at: number; readonly cells: ReadonlyArray<number>; readonly vals: ReadonlyArray<number> }> = []
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++)
      for (let oy = 0; oy < OH; oy++)
        for (let ox = 0; ox < OW; ox++) {
          const cells: Array<number> = []
          const vals: Array<number> = []
          for (let ky = 0; ky < size[0]; ky++)
            for (let kx = 0; kx < size[1]; kx++) {
              const iy = oy * stride[0] + ky
              const ix = ox * stride[1] + kx
              cells.push(((b * C + c) * H + iy) * W + ix)
              vals.push(X(b, c, iy, ix))
            }
          out.push({ at: ((b * C + c) * OH + oy) * OW + ox, cells, vals })
        }
  const shape: [number, number, number, number] = [B, C, OH, OW]
  return { shape, windows: out }
}

const pool = <D extends T.DType>(x: Image<D>, size: readonly [number, number], stride: readonly [number, number], f: (vals: ReadonlyArray<number>) => number): Image<D> => {
  const w = windows(x, size, stride)
  return T.produceAs(w.shape, x.dtype, (y) => {
    for (const win of w.windows) y[win.at] = f(win.vals)
  })
}

const poolBackward = <D extends T.DType>(
  x: Image<D>,
  dy: Image<D>,
  size: readonly [number, number],
  stride: readonly [number, number],
  share: (vals: ReadonlyArray<number>) => ReadonlyArray<number>
): Image<D> => {
  const w = windows(x, size, stride)
  return T.produceAs(x.shape, x.dtype, (dx) => {
    for (const win of w.windows) {
      const parts = share(win.vals)
      win.cells.forEach((cell, i) => {
        dx[cell] = (dx[cell] ?? 0) + (parts[i] ?? 0) * (dy.data[win.at] ?? 0)
      })
    }
  })
}
