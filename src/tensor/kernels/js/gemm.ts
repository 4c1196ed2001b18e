/**
 * A cache-friendly JavaScript matrix product: packing plus a 4 × 4 register tile.
 *
 * Same formula as the reference, C[i][j] = Σ_p A[i][p] · B[p][j], in a different order:
 *
 * 1. The p axis is cut into equal blocks of at most `KC`, so that the packed pieces stay in L2 cache.
 * 2. Packing copies A into panels of 4 rows, stored p-major (`[p][r]`), and B into panels of
 *    4 columns (`[p][c]`), both into Float64Arrays whatever the input dtype: the micro-kernel
 *    then sees one array type only (monomorphic, no float32→float64 conversion per load;
 *    measured ≈ 1.3× faster than packing into the input's type). The inner loop then reads both operands sequentially, whatever the
 *    caller's layout: transposes are just other strides in the packing loops, so `Aᵀ·B` and
 *    `A·Bᵀ` cost the same as `A·B`. Edge panels are padded with zeros.
 * 3. The micro-kernel keeps a 4 × 4 tile of C in 16 local variables (registers) and adds one
 *    rank-1 update per p: 8 loads for 16 multiply-adds, instead of 2 loads per multiply-add.
 *    It adds the tile into a float64 C padded to whole tiles, so it never checks an edge; the
 *    valid part is copied into `out` at the end.
 * 4. Small products (fewer than SMALL multiply-adds, or fewer than 4 rows or columns) skip all
 *    this and run the plain loops: packing would cost more than it saves.
 *
 * Packing costs O(m·k + k·n) copies against O(m·n·k) arithmetic.
 *
 * @since 0.1.0
 */
import { applyEpilogue } from '../kernels.js'
import type { FloatArray, GemmSpec } from '../kernels.js'
import { referenceGemm } from '../reference/gemm.js'

const MR = 4
const NR = 4
const KC = 256
const SMALL = 1 << 17

/**
 * C = op(A)·op(B) with packing and a 4 × 4 register tile (see the file header).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const out = new Float32Array(1)
 * Tensor.blockedGemm(new Float32Array([1, 2]), new Float32Array([3, 4]), out, { m: 1, k: 2, n: 1 })
 * assert.deepStrictEqual(Array.from(out), [11])
 *
 * @category kernels
 * @since 0.1.0
 */
export const blockedGemm = (a: FloatArray, b: FloatArray, out: FloatArray, spec: GemmSpec): void => {
  const { m, k, n } = spec
  if (m * n * k < SMALL || m < MR || n < NR) {
    referenceGemm(a, b, out, spec)
    return
  }
  const transA = spec.transA === true
  const transB = spec.transB === true
  // Element (i, p) of op(A) is at i·rowA + p·colA in storage; likewise (p, j) of op(B).
  const rowA = transA ? 1 : k
  const colA = transA ? m : 1
  const rowB = transB ? 1 : n
  const colB = transB ? k : 1
  const panelsA = Math.ceil(m / MR)
  const panelsB = Math.ceil(n / NR)
  // Blocks of at most KC, of equal size (k = 784 → 4 × 196 rather than 3 × 256 + 16).
  const kc0 = Math.ceil(k / Math.ceil(k / KC))
  const ldc = panelsB * NR
  const [la, lb, lc] = [panelsA * MR * kc0, panelsB * NR * kc0, panelsA * MR * ldc]
  const space = scratch(la + lb + lc)
  const packedA = space.subarray(0, la)
  const packedB = space.subarray(la, la + lb)
  const c = space.subarray(la + lb, la + lb + lc).fill(0)
  for (let p0 = 0; p0 < k; p0 += kc0) {
    const kc = Math.min(kc0, k - p0)
    packA(a, packedA, m, kc, p0, rowA, colA)
    packB(b, packedB, n, kc, p0, rowB, colB)
    // The larger packed operand goes round once in the outer loop; the smaller one is re-read
    // from cache by the inner loop (for Xᵀ·Δ at [784,100] packed A alone would overflow L2).
    if (m > n) {
      for (let ib = 0; ib < panelsA; ib++) {
        for (let jb = 0; jb < panelsB; jb++) microKernel(packedA, ib * MR * kc, packedB, jb * NR * kc, kc, c, ib * MR * ldc + jb * NR, ldc)
      }
    } else {
      for (let jb = 0; jb < panelsB; jb++) {
        for (let ib = 0; ib < panelsA; ib++) microKernel(packedA, ib * MR * kc, packedB, jb * NR * kc, kc, c, ib * MR * ldc + jb * NR, ldc)
      }
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = c[i * ldc + j]!
  }
  applyEpilogue(out, spec)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Scratch space for the packed operands and the padded C, reused from call to call: allocating
// (and page-faulting) up to 1.3 MB of fresh Float64Arrays per call measured slower than the
// product itself at [784,100] outputs. It only grows, to the largest product seen, and never
// escapes: results are copied into the caller's fresh `out`.
let work = new Float64Array(0)
const scratch = (len: number): Float64Array => {
  if (work.length < len) work = new Float64Array(len)
  return work
}

// Panel of rows i0..i0+3 of op(A), columns p0..p0+kc-1, stored [p][r]; missing rows are zero.
const packA = (a: FloatArray, dst: Float64Array, m: number, kc: number, p0: number, rowA: number, colA: number): void => {
  let d = 0
  for (let i0 = 0; i0 < m; i0 += MR) {
    for (let p = 0; p < kc; p++) {
      const base = (p0 + p) * colA
      for (let r = 0; r < MR; r++) {
        const i = i0 + r
        dst[d++] = i < m ? a[i * rowA + base]! : 0
      }
    }
  }
}

// Panel of columns j0..j0+3 of op(B), rows p0..p0+kc-1, stored [p][c]; missing columns are zero.
const packB = (b: FloatArray, dst: Float64Array, n: number, kc: number, p0: number, rowB: number, colB: number): void => {
  let d = 0
  for (let j0 = 0; j0 < n; j0 += NR) {
    for (let p = 0; p < kc; p++) {
      const base = (p0 + p) * rowB
      for (let c = 0; c < NR; c++) {
        const j = j0 + c
        dst[d++] = j < n ? b[base + j * colB]! : 0
      }
    }
  }
}

// C[o..][..] += Σ_p Ap[p][r] · Bp[p][c] for one 4 × 4 tile: 16 accumulators, one rank-1 update per p.
const microKernel = (ap: Float64Array, ia: number, bp: Float64Array, ib: number, kc: number, c: Float64Array, o: number, ldc: number): void => {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0
  for (let p = 0; p < kc; p++) {
    const a0 = ap[ia]!, a1 = ap[ia + 1]!, a2 = ap[ia + 2]!, a3 = ap[ia + 3]!
    const b0 = bp[ib]!, b1 = bp[ib + 1]!, b2 = bp[ib + 2]!, b3 = bp[ib + 3]!
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3
    ia += MR
    ib += NR
  }
  c[o] = c[o]! + c00; c[o + 1] = c[o + 1]! + c01; c[o + 2] = c[o + 2]! + c02; c[o + 3] = c[o + 3]! + c03; o += ldc
  c[o] = c[o]! + c10; c[o + 1] = c[o + 1]! + c11; c[o + 2] = c[o + 2]! + c12; c[o + 3] = c[o + 3]! + c13; o += ldc
  c[o] = c[o]! + c20; c[o + 1] = c[o + 1]! + c21; c[o + 2] = c[o + 2]! + c22; c[o + 3] = c[o + 3]! + c23; o += ldc
  c[o] = c[o]! + c30; c[o + 1] = c[o + 1]! + c31; c[o + 2] = c[o + 2]! + c32; c[o + 3] = c[o + 3]! + c33
}
