/**
 * The kernel interface: the few hot loops that decide training speed, behind one small record
 * so that a backend (reference loops, blocked JavaScript, WebAssembly SIMD) can be swapped
 * without touching any operation.
 *
 * `gemm` computes C = op(A)·op(B) for row-major matrices, where op(A) is `m × k` and op(B) is
 * `k × n`. With `transA`, A is stored `k × m` and read transposed; with `transB`, B is stored
 * `n × k`. Back-propagation needs exactly these three forms: X·W (forward), Xᵀ·Δ (∂L/∂W) and
 * Δ·Wᵀ (the error for the layer below), so no transposed copy is ever materialised by a caller.
 * `out` is a freshly allocated, zeroed array of length `m × n` that the kernel fills.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A float32 or float64 array. @category model @since 0.1.0 */
export type FloatArray = Float32Array | Float64Array

/**
 * A matrix-product backend.
 *
 * @category model
 * @since 0.1.0
 */
export interface Kernels {
  /** A short name for reports: `reference`, `js-blocked`, `wasm-simd`. */
  readonly name: string
  /** C = op(A)·op(B): writes `m × n` values into the fresh array `out`. */
  readonly gemm: (
    a: FloatArray,
    b: FloatArray,
    out: FloatArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean
  ) => void
}
