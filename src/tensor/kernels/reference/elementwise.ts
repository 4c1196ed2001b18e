/**
 * The reference element-wise loops of the seam: one plain loop each, the formula beside it.
 * They are fast enough in V8 (each loop is monomorphic), so the JavaScript backend uses them too.
 *
 * @since 0.3.0
 */
import type { FloatArray } from '../kernels.js'

/**
 * out[i][j] = x[i][j] + row[j].
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const out = new Float32Array(2)
 * Tensor.referenceKernels.addRow(new Float32Array([1, 2]), new Float32Array([10, 20]), out, 1, 2)
 * assert.deepStrictEqual(Array.from(out), [11, 22])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceAddRow = (x: FloatArray, row: FloatArray, out: FloatArray, rows: number, cols: number): void => {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = x[i * cols + j]! + row[j]!
  }
}

/** out[i] = max(0, x[i]). @category kernels @since 0.3.0 */
export const referenceRelu = (x: FloatArray, out: FloatArray): void => {
  for (let i = 0; i < out.length; i++) out[i] = x[i]! > 0 ? x[i]! : 0
}

/** out[i] = dOut[i] where x[i] > 0, else 0. @category kernels @since 0.3.0 */
export const referenceReluGrad = (dOut: FloatArray, x: FloatArray, out: FloatArray): void => {
  for (let i = 0; i < out.length; i++) out[i] = x[i]! > 0 ? dOut[i]! : 0
}

/**
 * out[i] = round(alpha · x[i]) + y[i]: the product is rounded to the array's precision before the
 * sum, so the result is byte for byte that of `add(y, scale(x, alpha))` (an SGD step fused into one
 * pass trains exactly as the two passes did). In float64 the rounding is JavaScript's own.
 * @category kernels @since 0.3.0
 */
export const referenceAxpy = (alpha: number, x: FloatArray, y: FloatArray, out: FloatArray): void => {
  if (out instanceof Float32Array) for (let i = 0; i < out.length; i++) out[i] = Math.fround(alpha * x[i]!) + y[i]!
  else for (let i = 0; i < out.length; i++) out[i] = alpha * x[i]! + y[i]!
}

/** out[j] = Σ_i x[i][j], walking x in storage order (out starts zeroed). @category kernels @since 0.3.0 */
export const referenceSumRows = (x: FloatArray, out: FloatArray, rows: number, cols: number): void => {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j] = out[j]! + x[i * cols + j]!
  }
}

/** The index of the first NaN or ±Inf in x, or −1 (v − v is 0 exactly for finite v). @category kernels @since 0.3.0 */
export const referenceNonFiniteIndex = (x: FloatArray): number => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] ?? 0
    if (v - v !== 0) return i
  }
  return -1
}

/**
 * out[r·w + j] = x[indices[r]·w + j]: the rows of x at `indices`, one row copy each.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const out = new Float32Array(4)
 * Tensor.referenceKernels.gatherRows(new Float32Array([1, 2, 3, 4, 5, 6]), Int32Array.from([2, 0]), out, 2)
 * assert.deepStrictEqual(Array.from(out), [5, 6, 1, 2])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceGatherRows = (x: FloatArray, indices: Int32Array, out: FloatArray, width: number): void => {
  // A row of a few values is copied element by element: a subarray and a set per row cost more
  // (a batch of 100 one-hot labels of 10, measured: 7.1 µs so, 3.2 µs by the loop; even at 32).
  if (width <= NARROW_ROW) {
    for (let r = 0; r < indices.length; r++) {
      const from = indices[r]! * width
      const to = r * width
      for (let j = 0; j < width; j++) out[to + j] = x[from + j]!
    }
    return
  }
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!
    out.set(x.subarray(i * width, (i + 1) * width), r * width)
  }
}

const NARROW_ROW = 16

/** `referenceGatherRows` at once; the function it returns has nothing left to do. @category kernels @since 0.3.0 */
export const referenceStartGatherRows = (x: FloatArray, indices: Int32Array, out: FloatArray, width: number): (() => void) => {
  referenceGatherRows(x, indices, out, width)
  return done
}

const done = (): void => undefined
