/**
 * A convolution layer lowered to matrix products through any GEMM (the seam's default for a
 * backend that has no convolution of its own). With K = C·kH·kW, P = outH·outW and the
 * transposed column matrix of n examples colᵀ : [K, n·P] (`im2colRows`):
 *
 *   forward   Yᵀ = W·colᵀ : [F, n·P], then + b and laid out as [n, F, outH, outW]
 *   backward  ∂L/∂W = Δ·(colᵀ)ᵀ : [F, K]   ∂L/∂b = Σ Δ   ∂L/∂colᵀ = Wᵀ·Δ, then col2im onto ∂L/∂X
 *             (Δ : [F, n·P], dy's examples read filter by filter)
 *
 * A few examples at a time, in scratch arrays that grow on demand and are overwritten by every
 * use before they are read (the seam's gemm writes every element of its `out`): every inner loop copies a contiguous run of an image row, and no
 * fresh memory is touched per batch (on this machine writing fresh pages costs more than the
 * arithmetic; docs/conv.md, "speed"). Nothing a caller holds ever sees the scratch arrays.
 *
 * @since 0.3.0
 */
import type { Conv2dBackward, Conv2dForward, ConvSpec, FloatArray, Gemm, Window } from './kernels.js'

// How many values of colᵀ a chunk holds at most: large enough that the products run at full
// speed (conv2 of the MNIST CNN: 32 examples, 6,272 columns), small enough to stay in cache.
const chunkValues = 1 << 20

/**
 * The transposed windows of the examples `from … from + count − 1`: row (c, ky, kx), column
 * (b, oy, ox) holds x[from + b][c][oy·sH + ky − pH][ox·sW + kx − pW] (0 in the padding), written
 * into `colT` ([C·kH·kW, count·outH·outW], overwritten entirely).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.windowOf([1, 1, 2, 2], { kernel: [1, 2] })
 * const colT = new Float32Array(4)
 * Tensor.im2colRows(new Float32Array([1, 2, 3, 4]), w, 0, 1, colT)
 * assert.deepStrictEqual(Array.from(colT), [1, 3, 2, 4])
 *
 * @category kernels
 * @since 0.3.0
 */
export const im2colRows = (xd: ArrayLike<number>, w: Window, from: number, count: number, colT: FloatArray): void => {
  const { channels: C, height: H, width: W, outH: OH, outW: OW, kernelH: KH, kernelW: KW, strideH: SH, strideW: SW, padH: PH, padW: PW } = w
  const N = count * OH * OW
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const r = ((c * KH + ky) * KW + kx) * N
        const [lo, hi] = insideColumns(w, kx)
        for (let b = 0; b < count; b++) {
          const plane = ((from + b) * C + c) * H
          for (let oy = 0; oy < OH; oy++) {
            const dst = r + (b * OH + oy) * OW
            const iy = oy * SH - PH + ky
            if (iy < 0 || iy >= H) {
              colT.fill(0, dst, dst + OW)
              continue
            }
            const src = (plane + iy) * W - PW + kx
            for (let ox = 0; ox < lo; ox++) colT[dst + ox] = 0
            for (let ox = lo; ox < hi; ox++) colT[dst + ox] = xd[src + ox * SW] ?? 0
            for (let ox = hi; ox < OW; ox++) colT[dst + ox] = 0
          }
        }
      }
    }
  }
}

/**
 * The adjoint of `im2colRows`: every entry of `colT` ([C·kH·kW, count·outH·outW]) added onto the
 * pixel of the examples `from … from + count − 1` of `dx` it was read from.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const w = Tensor.windowOf([1, 1, 2, 2], { kernel: [1, 2] })
 * const dx = new Float32Array(4)
 * Tensor.col2imRows(new Float32Array([1, 3, 2, 4]), w, 0, 1, dx)
 * assert.deepStrictEqual(Array.from(dx), [1, 2, 3, 4])
 *
 * @category kernels
 * @since 0.3.0
 */
export const col2imRows = (cd: ArrayLike<number>, w: Window, from: number, count: number, dx: FloatArray): void => {
  const { channels: C, height: H, width: W, outH: OH, outW: OW, kernelH: KH, kernelW: KW, strideH: SH, strideW: SW, padH: PH, padW: PW } = w
  const N = count * OH * OW
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const r = ((c * KH + ky) * KW + kx) * N
        const [lo, hi] = insideColumns(w, kx)
        for (let b = 0; b < count; b++) {
          const plane = ((from + b) * C + c) * H
          for (let oy = 0; oy < OH; oy++) {
            const iy = oy * SH - PH + ky
            if (iy < 0 || iy >= H) continue
            const src = r + (b * OH + oy) * OW
            const dst = (plane + iy) * W - PW + kx
            for (let ox = lo; ox < hi; ox++) dx[dst + ox * SW] = (dx[dst + ox * SW] ?? 0) + (cd[src + ox] ?? 0)
          }
        }
      }
    }
  }
}

// The output columns [lo, hi) whose input column ox·sW − pW + kx lies inside the image.
const insideColumns = (w: Window, kx: number): readonly [number, number] => {
  const lo = Math.min(w.outW, Math.max(0, Math.ceil((w.padW - kx) / w.strideW)))
  return [lo, Math.max(lo, Math.min(w.outW, Math.floor((w.width - 1 + w.padW - kx) / w.strideW) + 1))]
}

/** A scratch array per element type that grows on demand (see the header). */
const scratch = () => {
  let f32 = new Float32Array(0)
  let f64 = new Float64Array(0)
  return (like: FloatArray, n: number): FloatArray => {
    if (like instanceof Float64Array) {
      if (f64.length < n) f64 = new Float64Array(n)
      return f64.subarray(0, n)
    }
    if (f32.length < n) f32 = new Float32Array(n)
    return f32.subarray(0, n)
  }
}

/**
 * The convolution of the seam built from a table's `gemm` (see the header).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const conv = Tensor.loweredConv(Tensor.referenceKernels.gemm)
 * const spec = { ...Tensor.windowOf([1, 1, 2, 2], { kernel: [2, 2] }), filters: 1 }
 * const y = new Float32Array(1)
 * conv.conv2dForward(new Float32Array([1, 2, 3, 4]), new Float32Array([1, 0, 0, 1]), new Float32Array([10]), y, spec)
 * assert.deepStrictEqual(Array.from(y), [15])
 *
 * @category kernels
 * @since 0.3.0
 */
export const loweredConv = (gemm: Gemm): { readonly conv2dForward: Conv2dForward; readonly conv2dBackward: Conv2dBackward } => {
  const colSpace = scratch()
  const rowSpace = scratch()
  const dwSpace = scratch()
  const sizes = (s: ConvSpec) => {
    const K = s.channels * s.kernelH * s.kernelW
    const P = s.outH * s.outW
    return { K, P, F: s.filters, chunk: Math.max(1, Math.floor(chunkValues / (P * K))) }
  }
  const conv2dForward: Conv2dForward = (x, w, b, y, s) => {
    const { K, P, F, chunk } = sizes(s)
    const col = colSpace(x, Math.min(chunk, s.batch) * P * K)
    const rows = rowSpace(x, Math.min(chunk, s.batch) * P * F)
    for (let from = 0; from < s.batch; from += chunk) {
      const n = Math.min(chunk, s.batch - from)
      im2colRows(x, s, from, n, col)
      // Yᵀ = W·colᵀ : [F, n·P], then + b and laid out as [n, F, P]
      gemm(w, col.subarray(0, K * n * P), rows.subarray(0, F * n * P), { m: F, k: K, n: n * P })
      for (let f = 0; f < F; f++) {
        const bf = b[f] ?? 0
        for (let e = 0; e < n; e++) {
          const dst = ((from + e) * F + f) * P
          const src = (f * n + e) * P
          for (let q = 0; q < P; q++) y[dst + q] = (rows[src + q] ?? 0) + bf
        }
      }
    }
  }
  const conv2dBackward: Conv2dBackward = (x, w, dy, dw, db, dx, s) => {
    const { K, P, F, chunk } = sizes(s)
    const most = Math.min(chunk, s.batch)
    const col = colSpace(x, most * P * K)
    const delta = rowSpace(x, most * P * Math.max(F, K))
    const dwChunk = dwSpace(x, F * K)
    dw.fill(0)
    db.fill(0)
    dx?.fill(0)
    for (let from = 0; from < s.batch; from += chunk) {
      const n = Math.min(chunk, s.batch - from)
      im2colRows(x, s, from, n, col)
      // Δ : [F, n·P], dy's examples read filter by filter
      for (let f = 0; f < F; f++) {
        for (let e = 0; e < n; e++) {
          const src = ((from + e) * F + f) * P
          const dst = (f * n + e) * P
          let sum = 0
          for (let q = 0; q < P; q++) {
            const d = dy[src + q] ?? 0
            delta[dst + q] = d
            sum += d
          }
          db[f] = (db[f] ?? 0) + sum
        }
      }
      gemm(delta.subarray(0, F * n * P), col.subarray(0, K * n * P), dwChunk, { m: F, k: n * P, n: K, transB: true })
      for (let i = 0; i < F * K; i++) dw[i] = (dw[i] ?? 0) + (dwChunk[i] ?? 0)
      if (dx !== undefined) {
        // ∂L/∂colᵀ = Wᵀ·Δ : [K, n·P], written over colᵀ (no longer needed), then added onto dx
        const dcol = col.subarray(0, K * n * P)
        gemm(w, delta.subarray(0, F * n * P), dcol, { m: K, k: F, n: n * P, transA: true })
        col2imRows(dcol, s, from, n, dx)
      }
    }
  }
  return { conv2dForward, conv2dBackward }
}
