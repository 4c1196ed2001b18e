/**
 * The reference matrix product: the lecture's for-loops, written to be read, and the oracle that
 * every fast kernel is tested against.
 *
 * C[i][j] = Σ_p A[i][p] · B[p][j]  — one multiply-add per (i, j, p), in i-j-p order.
 *
 * @since 0.1.0
 */
import { applyEpilogue } from '../kernels.js'
import type { FloatArray, GemmSpec } from '../kernels.js'

/**
 * The textbook triple loop. A transposed operand is just read with its strides swapped: element
 * (i, p) of op(A) is at `i·rowA + p·colA` in A's storage, so with `transA` A[i][p] is read from
 * [p][i] and with `transB` B[p][j] from [j][p].
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const out = new Float64Array(1)
 * Tensor.referenceGemm(new Float64Array([1, 2]), new Float64Array([3, 4]), out, { m: 1, k: 2, n: 1 })
 * assert.deepStrictEqual(Array.from(out), [11])
 *
 * @category kernels
 * @since 0.1.0
 */
export const referenceGemm = (a: FloatArray, b: FloatArray, out: FloatArray, spec: GemmSpec): void => {
  const { m, k, n } = spec
  const [rowA, colA] = spec.transA === true ? [1, m] : [k, 1]
  const [rowB, colB] = spec.transB === true ? [1, k] : [n, 1]
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0
      for (let p = 0; p < k; p++) sum += a[i * rowA + p * colA]! * b[p * rowB + j * colB]!
      out[i * n + j] = sum
    }
  }
  applyEpilogue(out, spec)
}
