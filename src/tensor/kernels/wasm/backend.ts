/**
 * The WebAssembly SIMD backend: float32 products in `gemm.wat`'s packed register-tiled kernels,
 * optionally on two cores. float64 products go to the blocked JavaScript kernel (the SIMD
 * kernel is float32 only; float64 is for gradient checks, where speed does not matter). The
 * element-wise operations of a training step run in the same module (`elementwise.ts`).
 *
 * One call: copy A and B into the module's memory as they are stored, pack them there into the
 * kernel's panels (op(A) in panels of 4 rows, op(B) in panels of 8 columns, whatever the layout:
 * that is what makes Aᵀ·B and A·Bᵀ run the same micro-kernel as A·B), run the kernel, copy C out
 * into `out`. Products with few columns (n = 10) run on the narrow kernels instead (vectors along
 * the rows of C, op(A) in panels of 8 rows, op(B) read as stored), or, for A·B, on the
 * dot-product kernel (A read as copied in, only Bᵀ packed; see `layoutOf`). Nothing is kept
 * between calls but the memory itself, which grows to the largest product seen and is reused, so
 * there is nothing to free and nothing to leak.
 *
 * Two instances per build: one on unshared memory for every product that stays on the calling
 * thread (a SharedArrayBuffer is copied word by word by V8, about 5× slower: 1.8 µs against
 * 0.4 µs to copy in the 40 KB of [100,100]·[100,10]), and, for `threads: 2`, one on shared memory
 * for the products cut across both threads. They run the same code on the same layout, so the
 * bytes of a product do not depend on which one ran it.
 *
 * Copy and packing cost: `npm run bench -- --only gemm` prints it (its last table). Measured on this
 * 2-core EPYC (relaxed build, fastest of 9 runs): at [100,784]·[784,100] copy in 14 µs, packing
 * 7 µs, kernel 310 µs; at [100,100]·[100,10] copy in 0.85 µs, packing 0.16 µs, kernel 4.0 µs;
 * at [100,100]ᵀ·[100,10] nothing to pack, kernel 4.2 µs; at [100,10]·[100,10]ᵀ packing 0.3 µs,
 * kernel 4.3 µs, copy out 0.85 µs (copying 40 KB in or out costs 0.75–0.85 µs however it is placed;
 * a C that large beside little work is now computed and copied out a window of rows at a time, `runInWindow`).
 *
 * Memory layout of a call (floats, each region 16-byte aligned):
 *   A as stored | B as stored | op(A) packed (m rounded up to 4, or 16 for the narrow kernels, times k) |
 *   op(B) packed (n rounded up to 8, times k; for the dot-product kernel Bᵀ, n and k rounded up to 4) |
 *   C (n floats a row, m rounded up to 4 or 16 rows) | bias zero-padded
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { blockedGemm } from '../js/gemm.js'
import type { Backend, FloatArray, GemmSpec } from '../kernels.js'
import { instantiate, viewOf } from './instance.js'
import type { GemmExports, GemmInstance } from './instance.js'
import { chooseWay, noTimes, recordWay } from './choice.js'
import { wasmElementwise } from './elementwise.js'
import type { CutTimes } from './choice.js'
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
  /**
   * On two threads, which large products are cut across both: `measured` (the default) those that
   * measured at least 5 % faster cut, shape by shape (choice.ts); `always` every one (for specs
   * that check the cut gives the same bytes).
   */
  readonly cut?: 'measured' | 'always'
}

/**
 * Load the WebAssembly SIMD kernels: the relaxed-SIMD build (fused multiply-add) where the runtime
 * validates it, else plain SIMD. With `threads: 2`, products of at least `SPLIT_WORK`
 * multiply-adds are split across a worker thread where that measured faster for their shape (or
 * always, with `cut: 'always'`). The backend also fills the element-wise passes of a training
 * step (`axpy`, `relu`, `reluGrad`, `sumRows`, `nonFiniteIndex`), with the reference's bytes. Left
 * says why they could not load.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const k = Tensor.loadWasmKernels({ threads: 1, relaxed: false })
 * assert.ok(k._tag === 'Right' ? k.right.name === 'wasm-simd' : k.left.length > 0)
 * if (k._tag === 'Right' && k.right.axpy !== undefined) {
 *   const out = new Float32Array(2)
 *   k.right.axpy(-0.5, Float32Array.of(2, 4), Float32Array.of(1, 1), out)
 *   assert.deepStrictEqual(Array.from(out), [0, -1])
 * }
 *
 * @category kernels
 * @since 0.2.0
 */
export const loadWasmKernels = (options: WasmOptions = {}): E.Either<string, Backend> => {
  const threads = options.threads ?? 1
  const cut = options.cut ?? 'measured'
  if (options.wasmBytes !== undefined) return E.map((wasm: GemmInstance) => wasmKernels(wasm, undefined, threads, cut))(instantiate(options.wasmBytes))
  const relaxed = options.relaxed !== false
  const local = (builtins[relaxed ? 'relaxedLocal' : 'local'] ??= instantiate(undefined, relaxed, false))
  // The shared instance is only for products cut across the threads (see `instantiate`).
  const shared = threads === 2 ? (builtins[relaxed ? 'relaxedShared' : 'shared'] ??= instantiate(undefined, relaxed, true)) : undefined
  return E.map((wasm: GemmInstance) => wasmKernels(wasm, shared !== undefined && E.isRight(shared) && shared.right.shared ? shared.right : undefined, threads, cut))(local)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** Products with at least this many multiply-adds are worth waking the second core (~50 µs). */
const SPLIT_WORK = 1 << 20

/** Cache blocking (see `layoutOf`). @internal */
export interface Blocking {
  /** The p axis is cut into blocks of kc steps when k exceeds kcMax. */
  readonly kcMax: number
  readonly kc: number
  /** Rows of C per task: about m / tasksPerProduct, a multiple of 4 (16 for the narrow kernels), at most maxRows. */
  readonly tasksPerProduct: number
  readonly maxRows: number
  /** Whether Aᵀ (stored k × m) and B (stored k × n) are read in place instead of packed. */
  readonly direct: boolean
  /** Whether products with few columns may run on the narrow kernels (8 × 4 and 16 × 2 tiles). */
  readonly narrow: boolean
  /** Whether A·B with A stored m × k and few columns may run on the dot-product kernel (2 × 4 and 4 × 2 tiles). */
  readonly dot: boolean
}

export const blocking: Blocking = { kcMax: 1024, kc: 256, tasksPerProduct: 8, maxRows: 128, direct: true, narrow: true, dot: true }

/**
 * Where a call puts everything in the module's memory (offsets in floats, each region 16-byte
 * aligned: A and B as stored, their packed panels, C, the bias padded with zeros), which kernel
 * runs it, which operands it packs (`packs`: an export of gemm.wat and its arguments) and the plan
 * of its tasks. The bench's breakdown uses it too, to time the parts of a call.
 * @internal
 */
export const layoutOf = (spec: GemmSpec, blocks: Blocking = blocking) => {
  const { m, k, n } = spec
  const transA = spec.transA === true
  const transB = spec.transB === true
  // Few columns (an output layer's 10): the narrow kernels (8 × 4 and 16 × 2 tiles, vectors along
  // i) when they compute fewer padded entries than the 4 × 8 kernel (n = 10: 104 × 10 against
  // 100 × 16). They read op(B) as stored, so not for A·Bᵀ (there op(B)'s rows are B's columns),
  // and all of op(B) for each 16 rows, so only for small n.
  const narrowT = blocks.narrow && !transB && n <= 32 && up(m, 8) * (n % 2 === 1 ? n + 1 : n) < up(m, 4) * up(n, 8)
  // A·B with A stored m × k and few columns: the dot-product kernel (gemm.wat's $gemmD), which
  // reads A's rows as copied in and packs only Bᵀ (packQuads), where the narrow kernels would
  // transpose all of A into panels first: when it computes fewer padded columns than the 4 × 8
  // kernel (4 at a time, the last 1 or 2 as 2: n = 10 as 4 + 4 + 2 against 16) and the packed Bᵀ,
  // read again for every 4 rows of A, fits in a 32 KiB L1. It runs through gemmT (runTask, the
  // worker) as the narrow kernels do, so a product's bytes do not depend on the thread count.
  const dot = blocks.dot && !transA && !transB && up(n, 4) - (n % 4 === 1 || n % 4 === 2 ? 2 : 0) < up(n, 8) && n * k <= 8192
  const narrow = narrowT || dot
  // Aᵀ (stored k × m) and B (stored k × n) already hold a panel's step of p in consecutive floats:
  // the kernel reads them in place, unpacked, when their row stride spreads a panel over all 64
  // sets of a 48 KiB L1 (gcd(stride, 4096 bytes) ≤ 64). A stride of 2 KiB, say, would put all k
  // lines of a panel in 2 sets, and it would not survive in cache from one tile to the next.
  // The 8 floats of slack after each operand (16 after A, the narrow kernels' 16-row tiles; 3k + 4
  // for the dot-product kernel's 4-row tiles and last vector of p) let an edge panel read past its
  // end, into values that only reach the padding of C (or the dropped part of a tile).
  const directA = blocks.direct && transA && spreads(4 * m)
  const directB = !dot && (narrow || (blocks.direct && !transB && spreads(4 * n)))
  const mPad = up(m, narrow ? 16 : 4)
  const nPad = up(n, 8)
  // C's row stride: the kernels store only C's own columns (gemm.wat's edges)
  const ldc = n
  const a = 0
  const b = up(a + m * k + (dot ? 3 * k + 4 : 16), 4)
  const ap = up(b + k * n + 8, 4)
  // packT stores whole 4-step blocks: up to 3·8 floats past a packed region
  const bp = ap + (directA || dot ? 0 : mPad * k + 24)
  const c = bp + (dot ? up(n, 4) * up(k, 4) : directB ? 0 : nPad * k + 24)
  const bias = up(c + mPad * ldc, 4)
  // the narrow kernels read the bias 4 or 2 columns at a time, past n into zeros
  const biasPad = nPad + 8
  // Tasks of about m/8 rows (a multiple of the tile height): enough for the two threads to
  // balance, few enough that each call still covers many tiles.
  const kc = k <= blocks.kcMax || narrow ? k : blocks.kc
  const panel = narrow ? 8 : 4
  const tile = narrow ? 16 : 4
  // A product too small to be cut across the threads is one task: a call into the module from
  // JavaScript costs about as much as a 4 × 8 tile at k = 100, and [100,100]·[100,10] was 7 of them.
  const rows = m * n * k < SPLIT_WORK ? up(m, tile) : Math.min(blocks.maxRows, Math.max(tile, up(Math.ceil(m / blocks.tasksPerProduct), tile)))
  const tasks = Math.ceil(m / rows)
  const epilogue = spec.bias !== undefined || spec.relu === true
  // C much larger than the work per entry (k ≤ 32: [100,10]·[100,10]ᵀ's 40 KB for k = 10): computed
  // in blocks of rows into one window of L1 size at C's place and each block copied out from there
  // while in L1 (see `runInWindow`). The same tiles summed in the same order, so the same bytes.
  const windowRows = !narrow && tasks === 1 && kc === k && k <= 32 && m * n > WINDOW ? Math.max(8, Math.floor(WINDOW / n / 8) * 8) : 0
  // op(A) in panels: 4 rows for the 4 × 8 kernel, 8 for the narrow ones; for the dot-product
  // kernel A as stored, with no step of p (aStep 0 selects it in gemmT) and lda = 8k, so that a
  // task's rows start at A's row i0 (runTask offsets op(A) by 4·(i0/8)·lda bytes)
  const [aAt, lda, aStep] = dot ? [a, 8 * k, 0] : directA ? [a, panel, 4 * m] : [ap, panel * k, 4 * panel]
  const [bAt, ldb, bStep] = dot ? [bp, 0, 0] : directB ? [b, 8, 4 * n] : [bp, 8 * k, 32]
  // Rows along p (A stored m × k, B stored n × k) are packed by packT, columns by packA / packB.
  const packs: ReadonlyArray<readonly ['packA' | 'packB' | 'packT' | 'packQuads', number, number, number, number, number]> = [
    ...(directA || dot ? [] : transA ? [narrow ? (['packB', 4 * a, 4 * ap, k, m, 0] as const) : (['packA', 4 * a, 4 * ap, m, k, 1] as const)] : [['packT', 4 * a, 4 * ap, m, k, panel] as const]),
    ...(dot ? [['packQuads', 4 * b, 4 * bp, k, n, 0] as const] : directB ? [] : [transB ? (['packT', 4 * b, 4 * bp, n, k, 8] as const) : (['packB', 4 * b, 4 * bp, k, n, 0] as const)])
  ]
  const plan: Plan = [
    4 * aAt, 4 * bAt, 4 * c, m, k, n, lda, ldb, ldc, aStep, bStep, kc, rows, tasks,
    spec.bias === undefined ? 0 : 4 * bias, epilogue ? (spec.relu === true ? 1 : 0) : -1, narrow ? 1 : 0
  ]
  return { a, b, c, bias, n, ldc, biasPad, packs, bytes: 4 * (bias + biasPad), plan, windowRows }
}

/** Floats of C's window (16 KiB: half an L1, beside the panels the kernel reads). */
const WINDOW = 4096

/**
 * A one-task product on the 4 × 8 kernel whose C is computed `windowRows` rows at a time into
 * C's first rows, each block copied out into `out` while it is still in L1: copying 40 KB of C
 * out of L2 after the kernel cost 0.75–0.85 µs of a 5 µs [100,10]·[100,10]ᵀ, from the window
 * about 0.5 µs (a block starts on a multiple of 8 rows, the last panel's 8 × 4 tiles).
 * `views` holds the window's view for each block (the last may be shorter).
 * @internal
 */
export const runInWindow = (wasm: GemmExports, l: ReturnType<typeof layoutOf>, views: ReadonlyArray<Float32Array>, out: Float32Array): void => {
  const m = l.plan[3]
  for (let t = 0, i0 = 0; i0 < m; t++, i0 += l.windowRows) {
    windowBlock(wasm, l, i0)
    out.set(views[t]!, i0 * l.n)
  }
}

/** Rows i0 … i0 + windowRows of C (fewer at the end), with their epilogue, into the window. @internal */
export const windowBlock = (wasm: Pick<GemmExports, 'gemm' | 'epilogue'>, l: ReturnType<typeof layoutOf>, i0: number): void => {
  const [ap, bp, c, m, k, n, lda, ldb, ldc, aStep, bStep, , , , bias, relu] = l.plan
  const rows = Math.min(l.windowRows, m - i0)
  wasm.gemm(ap + 4 * (i0 / 4) * lda, bp, c, rows, k, n, lda, ldb, ldc, aStep, bStep, 0)
  if (relu >= 0) wasm.epilogue(c, rows, n, ldc, bias, relu)
}

/** The window's views of a layout in memory `f`, one per block of `windowRows` rows. @internal */
export const windowViews = (l: ReturnType<typeof layoutOf>, f: Float32Array): Array<Float32Array> => {
  const m = l.plan[3]
  return Array.from({ length: Math.ceil(m / l.windowRows) }, (_v, t) => f.subarray(l.c, l.c + Math.min(l.windowRows, m - t * l.windowRows) * l.n))
}

/** Pack the operands a layout asks for (its `packs`). @internal */
export const packOperands = (wasm: GemmExports, packs: ReturnType<typeof layoutOf>['packs']): void => {
  for (let i = 0; i < packs.length; i++) {
    const [f, src, dst, x, y, z] = packs[i]!
    if (f === 'packT') wasm.packT(src, dst, x, y, z)
    else if (f === 'packQuads') wasm.packQuads(src, dst, x, y)
    else if (f === 'packA') wasm.packA(src, dst, x, y, z)
    else wasm.packB(src, dst, x, y, z)
  }
}

// One instance of the built module per process (its memory and its worker are reused by every
// backend value made from it), and at most one helper thread per instance.
const builtins: Partial<Record<'local' | 'relaxedLocal' | 'shared' | 'relaxedShared', E.Either<string, GemmInstance>>> = {}
const pools = new WeakMap<GemmInstance, Pool | undefined>()

const up = (x: number, q: number): number => Math.ceil(x / q) * q

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y))
const spreads = (strideBytes: number): boolean => gcd(strideBytes, 4096) <= 64

/**
 * The layouts of the last few product shapes, looked up without allocating: a training step
 * repeats the same few shapes, and a call that allocates nothing does not wait on the garbage
 * collector's incremental marking (which the other work of a step keeps busy: with the JavaScript
 * kernels' runs between its own, a [100,100]ᵀ·[100,10] ran 20 % slower when it allocated its
 * layout and a view of C per call). Each entry also keeps C's view in the last memory it was read
 * from (a memory that grows gets a new buffer, hence a new view).
 */
interface Recent {
  readonly m: number
  readonly k: number
  readonly n: number
  readonly flags: number
  readonly layout: ReturnType<typeof layoutOf>
  view: Float32Array | undefined
  viewOf: Float32Array | undefined
  /** With a window (`layoutOf`'s windowRows): its views in `viewOf`, one per block of rows. */
  windows: ReadonlyArray<Float32Array>
}
const recent: Array<Recent> = []
const RECENT = 16

const recentLayout = (spec: GemmSpec): Recent => {
  const flags = (spec.transA === true ? 1 : 0) | (spec.transB === true ? 2 : 0) | (spec.bias !== undefined ? 4 : 0) | (spec.relu === true ? 8 : 0)
  for (let i = 0; i < recent.length; i++) {
    const r = recent[i]!
    if (r.m === spec.m && r.k === spec.k && r.n === spec.n && r.flags === flags) return r
  }
  const r: Recent = { m: spec.m, k: spec.k, n: spec.n, flags, layout: layoutOf(spec), view: undefined, viewOf: undefined, windows: [] }
  if (recent.length >= RECENT) recent.shift()
  recent.push(r)
  return r
}

const resultView = (r: Recent, f: Float32Array, size: number): Float32Array => {
  if (r.viewOf !== f || r.view === undefined) {
    r.view = f.subarray(r.layout.c, r.layout.c + size)
    r.windows = r.layout.windowRows > 0 ? windowViews(r.layout, f) : []
    r.viewOf = f
  }
  return r.view
}

/**
 * The backend on `local` (unshared memory: every product that stays on the calling thread), with
 * `parallel` (an instance on shared memory, whose worker takes half the tasks) for the products
 * large enough to cut. Both run the same code on the same layout, so a product's bytes do not
 * depend on which one ran it.
 */
const wasmKernels = (local: GemmInstance, parallel: GemmInstance | undefined, threads: 1 | 2, cut: 'measured' | 'always'): Backend => {
  const getPool = (wasm: GemmInstance): Pool | undefined => {
    if (!pools.has(wasm)) pools.set(wasm, startPool(wasm))
    return pools.get(wasm)
  }
  // This backend's measurements, per shape (the layouts in `recent` are shared by every backend)
  const measuredTimes = new WeakMap<Recent, CutTimes>()
  const timesOf = (r: Recent): CutTimes => {
    const t = measuredTimes.get(r)
    if (t !== undefined) return t
    const fresh = noTimes()
    measuredTimes.set(r, fresh)
    return fresh
  }
  const gemm = (a: FloatArray, b: FloatArray, out: FloatArray, spec: GemmSpec): void => {
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)) {
      blockedGemm(a, b, out, spec)
      return
    }
    const { m, k, n } = spec
    const r = recentLayout(spec)
    const l = r.layout
    const { plan } = l
    const tasks = plan[13]
    // Large enough to cut: cut when that measured faster for this shape (choice.ts), or always
    const cuttable = parallel !== undefined && tasks > 1 && m * n * k >= SPLIT_WORK
    const measured = cuttable && cut === 'measured'
    const times = measured ? timesOf(r) : undefined
    const way = times === undefined ? (cuttable ? 1 : 0) : chooseWay(times)
    const t0 = measured ? performance.now() : 0
    const pool = way === 1 ? getPool(parallel!) : undefined
    const wasm = pool === undefined ? local : parallel!
    const f = viewOf(wasm, l.bytes)
    f.set(a, l.a)
    f.set(b, l.b)
    packOperands(wasm.exports, l.packs)
    if (spec.bias !== undefined) {
      f.set(spec.bias, l.bias)
      f.fill(0, l.bias + n, l.bias + l.biasPad)
    }
    // (windowRows > 0 only for a product of one task: it never goes to the pool)
    if (l.windowRows > 0) {
      resultView(r, f, m * n)
      runInWindow(wasm.exports, l, r.windows, out)
      return
    }
    if (pool === undefined) for (let t = 0; t < tasks; t++) runTask(wasm.exports, plan, t)
    else pool.run(plan)
    out.set(resultView(r, f, m * n))
    if (times !== undefined) recordWay(times, way, performance.now() - t0)
  }
  const name = local.relaxed ? 'wasm-relaxed-simd' : 'wasm-simd'
  return { name: threads === 2 ? `${name}×2` : name, gemm, ...wasmElementwise(local) }
}
