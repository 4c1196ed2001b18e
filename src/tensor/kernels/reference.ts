/**
 * Reference kernels: the lecture's for-loops, written to be read, and the oracle that every
 * fast kernel is tested against.
 *
 * C[i][j] = Σ_p A[i][p] · B[p][j]  — one multiply-add per (i, j, p), in i-j-p order.
 *
 * @since 0.1.0
 */
import type { FloatArray, Kernels } from './kernels.js'

/**
 * The textbook triple loop. A transposed operand is just read with its strides swapped: element
 * (i, p) of op(A) is at `i·rowA + p·colA` in A's storage, so with `transA` A[i][p] is read from
 * [p][i] and with `transB` B[p][j] from [j][p].
 *
 * @category kernels
 * @since 0.1.0
 */
export const referenceGemm = (
  a: FloatArray,
  b: FloatArray,
  out: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean
): void => {
  const [rowA, colA] = transA ? [1, m] : [k, 1]
  const [rowB, colB] = transB ? [1, k] : [n, 1]
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0
      for (let p = 0; p < k; p++) sum += a[i * rowA + p * colA]! * b[p * rowB + j * colB]!
      out[i * n + j] = sum
    }
  }
}

/** The reference backend. @category kernels @since 0.1.0 */
export const reference: Kernels = { name: 'reference', gemm: referenceGemm }
