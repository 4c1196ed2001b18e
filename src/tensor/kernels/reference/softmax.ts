/**
 * The reference loops of softmax and softmax cross-entropy (the seam's `softmaxRows` and
 * `crossEntropyRows`): every sum, exponential and logarithm in float64 with JavaScript's
 * `Math.exp` and `Math.log`, row by row in column order, each result rounded once to the array's
 * precision.
 *
 * Softmax is shifted by the row's maximum c, which changes nothing in exact arithmetic and keeps
 * every exponent ≤ 0 (the log-sum-exp trick):
 *
 *   softmax(x)_j = e^(x_j − c) / Σ_k e^(x_k − c),   log softmax(x)_j = x_j − c − ln Σ_k e^(x_k − c)
 *
 * @since 0.3.0
 */
import type { FloatArray } from '../kernels.js'

/**
 * Row-wise softmax (or log-softmax when `log`) of a `rows × cols` matrix.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const out = new Float64Array(2)
 * Tensor.referenceKernels.softmaxRows(new Float64Array([0, Math.log(3)]), out, 1, 2, false)
 * assert.deepStrictEqual(Array.from(out, (p) => p.toFixed(6)), ['0.250000', '0.750000'])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceSoftmaxRows = (x: FloatArray, out: FloatArray, rows: number, cols: number, log: boolean): void => {
  for (let i = 0; i < rows; i++) {
    const o = i * cols
    let c = -Infinity
    for (let j = 0; j < cols; j++) c = Math.max(c, x[o + j]!)
    let z = 0
    for (let j = 0; j < cols; j++) z += Math.exp(x[o + j]! - c)
    const logZ = Math.log(z)
    for (let j = 0; j < cols; j++) out[o + j] = log ? x[o + j]! - c - logZ : Math.exp(x[o + j]! - c) / z
  }
}

/**
 * The mean cross-entropy of log-probabilities against class indices or target rows, and
 * ∂L/∂logits into `grad`:
 *
 *   L = −(1/N) Σ_b Σ_j t_bj · logY_bj,   grad_bj = (e^logY_bj · Σ_j t_bj − t_bj) / N
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const grad = new Float64Array(2)
 * const L = Tensor.referenceKernels.crossEntropyRows(new Float64Array([Math.log(0.25), Math.log(0.75)]), Int32Array.of(1), undefined, grad, 1, 2)
 * assert.strictEqual(L.toFixed(6), (-Math.log(0.75)).toFixed(6))
 * assert.deepStrictEqual(Array.from(grad, (g) => g.toFixed(6)), ['0.250000', '-0.250000'])
 *
 * @category kernels
 * @since 0.3.0
 */
export const referenceCrossEntropyRows = (
  logY: FloatArray,
  classes: Int32Array | undefined,
  targets: FloatArray | undefined,
  grad: FloatArray,
  rows: number,
  cols: number
): number => {
  let total = 0
  // Row by row, each target read twice (the class-index and the row form in loops of their own):
  // the sums and roundings of the formula above, in its order.
  for (let b = 0; b < rows; b++) {
    const o = b * cols
    let mass = 0
    if (targets !== undefined) {
      for (let j = 0; j < cols; j++) {
        const t = targets[o + j]!
        if (t !== 0) total -= t * logY[o + j]!
        mass += t
      }
      for (let j = 0; j < cols; j++) grad[o + j] = (Math.exp(logY[o + j]!) * mass - targets[o + j]!) / rows
    } else {
      const c = classes === undefined ? -1 : classes[b]!
      for (let j = 0; j < cols; j++) {
        const t = c === j ? 1 : 0
        if (t !== 0) total -= t * logY[o + j]!
        mass += t
      }
      for (let j = 0; j < cols; j++) grad[o + j] = (Math.exp(logY[o + j]!) * mass - (c === j ? 1 : 0)) / rows
    }
  }
  return total / rows
}
