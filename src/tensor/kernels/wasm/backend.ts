/**
 * The WebAssembly SIMD backend: float32 products in `gemm.wat`'s 4 × 8 register-tiled kernel,
 * optionally on two cores. float64 products go to the blocked JavaScript kernel (the SIMD kernel
 * is float32 only; float64 is for gradient checks, where speed does not matter).
 *
 * One call: copy A and B into the module's memory, run the kernel, copy C out into the fresh
 * `out` array. Nothing is kept between calls but the memory itself, which grows to the largest
 * product seen and is reused, so there is nothing to free and nothing to leak.
 *
 * Copy cost, measured (`npm run bench -- --only gemm`, last line; this 2-core machine): at the
 * forward product [100,784]·[784,100], copying A and B in takes about 0.025 ms (typed-array `set`,
 * a memcpy) and copying C out about 0.005–0.035 ms, against 0.45–0.55 ms for the whole call:
 * 5–11 %. The kernel itself runs at 33–37 GFLOP/s on all three layouts when called on data already
 * in memory; what separates that from the per-call figures in the bench is these copies and the
 * caller's allocation of the fresh `out` (0.3–0.4 ms for the 313 KB of a [784,100] result on this
 * VM, whose fresh pages are slow to fault in). A·Bᵀ also transposes B inside the module.
 *
 * Memory layout of a call (floats, each region 16-byte aligned):
 *   A (as stored, plus zeroed slack so edge tiles read zeros) | op(B) row-major (plus slack) |
 *   B as stored (A·Bᵀ only, transposed into the previous region) | C padded to 4 × 8 tiles
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { blockedGemm } from '../js/gemm.js'
import type { Backend, FloatArray, GemmSpec } from '../kernels.js'
import { instantiate, viewOf } from './instance.js'
import type { GemmInstance } from './instance.js'
import { runTask, startPool } from './pool.js'
import type { Plan, Pool } from './pool.js'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** Options of `loadWasmKernels`: `relaxed: false` keeps the plain SIMD kernel even where relaxed SIMD validates. @category kernels @since 0.3.0 */
export interface WasmOptions {
  readonly threads?: 1 | 2
  readonly wasmBytes?: Uint8Array
  readonly relaxed?: boolean
}

/**
 * Load the WebAssembly SIMD kernels: the relaxed-SIMD build (fused multiply-add) where the runtime
 * validates it, else plain SIMD. With `threads: 2`, products of at least `SPLIT_WORK`
 * multiply-adds are split across a worker thread. Left says why they could not load.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const k = Tensor.loadWasmKernels({ threads: 1, relaxed: false })
 * assert.ok(k._tag === 'Right' ? k.right.name === 'wasm-simd' : k.left.length > 0)
 *
 * @category kernels
 * @since 0.2.0
 */
export const loadWasmKernels = (options: WasmOptions = {}): E.Either<string, Backend> =>
  E.map((wasm: GemmInstance) => wasmKernels(wasm, options.threads ?? 1))(
    options.wasmBytes !== undefined
      ? instantiate(options.wasmBytes)
      : options.relaxed === false
        ? (builtinPlain ??= instantiate(undefined, false))
        : (builtin ??= instantiate())
  )

/**
 * The peak probe: GFLOP/s of a register-only loop of the same multiply-adds as the kernel's (fused
 * in the relaxed build), on the calling thread, over `iterations` rounds of 64 flops — what this
 * runtime allows at most. Left if the module does not load.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const p = Tensor.wasmPeak({ relaxed: false }, 1000, () => 0)
 * assert.ok(p._tag === 'Right' ? p.right.flops === 64000 : true)
 *
 * @category kernels
 * @since 0.3.0
 */
export const wasmPeak = (
  options: Pick<WasmOptions, 'relaxed'>,
  iterations: number,
  clock: () => number
): E.Either<string, { readonly name: string; readonly flops: number; readonly seconds: number }> =>
  E.map((wasm: GemmInstance) => {
    const t0 = clock()
    wasm.exports.peak(iterations)
    return { name: wasm.relaxed ? 'relaxed-simd' : 'simd', flops: 64 * iterations, seconds: clock() - t0 }
  })(options.relaxed === false ? (builtinPlain ??= instantiate(undefined, false)) : (builtin ??= instantiate()))

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** Products with at least this many multiply-adds are worth waking the second core (~50 µs). */
const SPLIT_WORK = 1 << 20

/** Cache blocking: the p axis in blocks of KC when k exceeds KC_MAX, and then tasks of MC rows. */
const KC_MAX = 1024
const KC = 256
const MC = 128

// One instance of the built module per process (its memory and its worker are reused by every
// backend value made from it), and at most one helper thread per instance.
let builtin: E.Either<string, GemmInstance> | undefined
let builtinPlain: E.Either<string, GemmInstance> | undefined
const pools = new WeakMap<GemmInstance, Pool | undefined>()

const up = (x: number, q: number): number => Math.ceil(x / q) * q

const wasmKernels = (wasm: GemmInstance, threads: 1 | 2): Backend => {
  const getPool = (): Pool | undefined => {
    if (!pools.has(wasm)) pools.set(wasm, startPool(wasm))
    return pools.get(wasm)
  }
  const gemm = (a: FloatArray, b: FloatArray, out: FloatArray, spec: GemmSpec): void => {
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)) {
      blockedGemm(a, b, out, spec)
      return
    }
    const { m, k, n } = spec
    const transA = spec.transA === true
    const transB = spec.transB === true
    const mPad = up(m, 4)
    const nPad = up(n, 8)
    const aOff = 0
    const bOff = up(aOff + mPad * k + 8, 4)
    const tOff = up(bOff + k * n + 8, 4)
    const cOff = up(tOff + (transB ? k * n : 0), 4)
    const biasOff = cOff + mPad * nPad
    const f = viewOf(wasm, 4 * (biasOff + nPad))
    f.set(a, aOff)
    f.fill(0, aOff + m * k, bOff)
    if (transB) {
      f.set(b, tOff)
      wasm.exports.transpose(4 * tOff, 4 * bOff, n, k)
    } else f.set(b, bOff)
    f.fill(0, bOff + k * n, tOff)
    // Tasks of about m/8 rows (a multiple of the 4-row tile): enough for the two threads to
    // balance, few enough that each call still covers many tiles.
    const kc = k <= KC_MAX ? k : KC
    const rows = k <= KC_MAX ? Math.max(4, up(Math.ceil(m / 8), 4)) : MC
    const tasks = Math.ceil(m / rows)
    if (spec.bias !== undefined) {
      f.set(spec.bias, biasOff)
      f.fill(0, biasOff + n, biasOff + nPad)
    }
    const epilogue = spec.bias !== undefined || spec.relu === true
    const plan: Plan = [4 * aOff, 4 * bOff, 4 * cOff, m, k, n, transA ? 1 : k, transA ? m : 1, n, nPad, kc, rows, tasks, spec.bias === undefined ? 0 : 4 * biasOff, epilogue ? (spec.relu === true ? 1 : 0) : -1]
    const pool = threads === 2 && tasks > 1 && m * n * k >= SPLIT_WORK ? getPool() : undefined
    if (pool === undefined) for (let t = 0; t < tasks; t++) runTask(wasm.exports, plan, t)
    else pool.run(plan)
    if (nPad === n) out.set(f.subarray(cOff, cOff + m * n))
    else for (let i = 0; i < m; i++) out.set(f.subarray(cOff + i * nPad, cOff + i * nPad + n), i * n)
  }
  const name = wasm.relaxed ? 'wasm-relaxed-simd' : 'wasm-simd'
  return { name: threads === 2 ? `${name}×2` : name, gemm }
}
