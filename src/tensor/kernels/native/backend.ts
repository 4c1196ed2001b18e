/**
 * The native backend for Node: native/kanzen.cc's packed, cache-blocked GEMM (AVX-512 or AVX2
 * chosen at load from the CPU, two threads that block between products) with the bias/ReLU
 * epilogue fused per task, and its im2col/col2im. The element-wise operations stay with the
 * backends below (a call into the addon costs about what those loops take at these sizes).
 *
 * Trusted only after a self-test at load: every GEMM layout in float32 and float64 on every
 * instruction-set path the CPU has, on shapes that cross the tile edges, the p-blocks and the
 * two-thread split, the epilogue, and im2col/col2im with stride and padding, all against the
 * reference loops. A build that computes anything wrong is refused with the first discrepancy
 * as the reason, and the next backend takes over.
 *
 * Per call there is no copy: the addon reads the caller's typed arrays and writes the fresh
 * `out` in place.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Backend, ByteCodes, ConvSpec, FloatArray, GemmSpec, LoadOptions, Ops, Window } from '../kernels.js'
import {
  referenceAddRow,
  referenceAxpy,
  referenceCol2im,
  referenceConv2dBackward,
  referenceConv2dForward,
  referenceCrossEntropyRows,
  referenceGatherRows,
  referenceStartGatherRows,
  referenceGemm,
  referenceIm2col,
  referenceMaxPoolBackward,
  referenceMaxPoolForward,
  referenceRelu,
  referenceReluGrad,
  referenceSoftmaxRows,
  referenceSumRows
} from '../reference/index.js'
import { loweredConv } from '../lowered-conv.js'
import { blockedGemm } from '../js/index.js'
import { isaCode, loadAddon } from './addon.js'
import type { ConvArgs, Geometry, NativeAddon, NativeIsa } from './addon.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Options of `loadNativeKernels`. @category kernels @since 0.3.0 */
export interface NativeOptions extends Partial<LoadOptions> {
  /** Use a narrower path than the CPU's widest (to test every path on one machine); Left if the CPU lacks it. */
  readonly isa?: NativeIsa
  /**
   * With two threads, cut every large product across both even where the addon measured that it
   * does not pay for that shape (native/kanzen.cc times each shape both ways): so specs check the split everywhere.
   */
  readonly cutProducts?: boolean
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Load the native kernels and self-test them (once per process and build folder). Left says
 * why they are not used: not built (with the install script's reason), not loadable, not Node,
 * or a self-test failure.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const k = Tensor.loadNativeKernels({ threads: 1 })
 * assert.ok(k._tag === 'Right' ? k.right.name.startsWith('native-') : k.left.length > 0)
 *
 * @category kernels
 * @since 0.3.0
 */
export const loadNativeKernels = (options: NativeOptions = {}): E.Either<string, Backend> => {
  const dir = options.nativeBuildDir ?? ''
  const addon = tested.get(dir) ?? E.chain(selfTest)(loadAddon(options.nativeBuildDir))
  tested.set(dir, addon)
  return E.chain((a: NativeAddon) => {
    const isa = a.resolveIsa(options.isa ?? 'best')
    return options.isa !== undefined && isa !== options.isa
      ? E.left(`native kernels: this CPU has no ${options.isa} path`)
      : E.right(nativeKernels(a, isa, options.threads ?? 1, options.cutProducts === true))
  })(addon)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Self-tested addons by build folder ('' = the package's own).
const tested = new Map<string, E.Either<string, NativeAddon>>()

const geometryOf = (w: Window): Geometry => [
  w.batch,
  w.channels,
  w.height,
  w.width,
  w.kernelH,
  w.kernelW,
  w.strideH,
  w.strideW,
  w.padH,
  w.padW,
  w.outH,
  w.outW
]

const sameType = (x: FloatArray, y: FloatArray): boolean => x.constructor === y.constructor

const convArgs = (s: ConvSpec, threads: 1 | 2, isa: number): ConvArgs => [...geometryOf(s), s.filters, threads, isa]

const nativeKernels = (addon: NativeAddon, isa: NativeIsa, threads: 1 | 2, cut: boolean): Backend => {
  const code = isaCode(isa)
  // The addon's thread codes: 2 cuts a product only where that measured faster, 3 always.
  const gemmThreads = threads === 2 && cut ? 3 : threads
  const gemm = (a: FloatArray, b: FloatArray, out: FloatArray, spec: GemmSpec): void => {
    const bias = spec.bias ?? null
    if (sameType(a, b) && sameType(b, out) && (bias === null || sameType(bias, out)))
      addon.gemm(a, b, out, spec.m, spec.k, spec.n, spec.transA === true, spec.transB === true, gemmThreads, code, bias, spec.relu === true)
    else blockedGemm(a, b, out, spec)
  }
  const im2col = (x: FloatArray, out: FloatArray, w: Window): void =>
    sameType(x, out) ? addon.im2col(x, out, ...geometryOf(w)) : referenceIm2col(x, out, w)
  const col2im = (cols: FloatArray, out: FloatArray, w: Window): void =>
    sameType(cols, out) ? addon.col2im(cols, out, ...geometryOf(w)) : referenceCol2im(cols, out, w)
  // Mixed element types never reach here from a layer; they get the convolution lowered onto this GEMM.
  const mixed = loweredConv(gemm)
  const conv2dForward = (x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, s: ConvSpec): void =>
    sameType(x, w) && sameType(w, b) && sameType(b, y) ? addon.conv2dForward(x, w, b, y, ...convArgs(s, threads, code)) : mixed.conv2dForward(x, w, b, y, s)
  const conv2dBackward = (x: FloatArray, w: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, dx: FloatArray | undefined, s: ConvSpec): void =>
    [w, dy, dw, db, dx ?? x].every((a) => sameType(a, x))
      ? addon.conv2dBackward(x, w, dy, dw, db, dx ?? null, ...convArgs(s, threads, code))
      : mixed.conv2dBackward(x, w, dy, dw, db, dx, s)
  const pooled = (w: Window): boolean => w.padH === 0 && w.padW === 0
  const maxPoolForward = (x: FloatArray, y: FloatArray, argmax: Uint8Array | Int32Array, w: Window): void =>
    sameType(x, y) && pooled(w) ? addon.maxPoolForward(x, y, argmax, ...geometryOf(w), threads) : referenceMaxPoolForward(x, y, argmax, w)
  const maxPoolBackward = (dy: FloatArray, argmax: Uint8Array | Int32Array, dx: FloatArray, w: Window): void =>
    sameType(dy, dx) && pooled(w) ? addon.maxPoolBackward(dy, argmax, dx, ...geometryOf(w), threads) : referenceMaxPoolBackward(dy, argmax, dx, w)
  return { name: `native-${isa}${threads === 2 ? '×2' : ''}`, gemm, im2col, col2im, conv2dForward, conv2dBackward, maxPoolForward, maxPoolBackward, ...elementwiseOf(addon), ...softmaxOf(addon), ...gatherOf(addon, threads) }
}

// The element-wise kernels, in place on the arrays (no copy, unlike WebAssembly); arrays of mixed
// element types go to the reference loops. An addon built before them has none: the reference's serve.
const elementwiseOf = (addon: NativeAddon): Partial<Ops> => {
  const { axpy, relu, reluGrad, addRow, sumRows, nonFiniteIndex } = addon
  if (axpy === undefined || relu === undefined || reluGrad === undefined || addRow === undefined || sumRows === undefined || nonFiniteIndex === undefined) return {}
  return {
    nonFiniteIndex,
    axpy: (alpha, x, y, out) => (sameType(x, out) && sameType(y, out) ? axpy(alpha, x, y, out) : referenceAxpy(alpha, x, y, out)),
    relu: (x, out) => (sameType(x, out) ? relu(x, out) : referenceRelu(x, out)),
    reluGrad: (d, x, out) => (sameType(d, out) && sameType(x, out) ? reluGrad(d, x, out) : referenceReluGrad(d, x, out)),
    addRow: (x, row, out, rows, cols) => (sameType(x, out) && sameType(row, out) ? addRow(x, row, out, rows, cols) : referenceAddRow(x, row, out, rows, cols)),
    sumRows: (x, out, rows, cols) => (sameType(x, out) ? sumRows(x, out, rows, cols) : referenceSumRows(x, out, rows, cols))
  }
}

// Softmax and cross-entropy (native/softmax.h), in place; mixed element types go to the reference loops.
const softmaxOf = (addon: NativeAddon): Partial<Ops> => {
  const { softmaxRows, crossEntropyRows } = addon
  if (softmaxRows === undefined || crossEntropyRows === undefined) return {}
  return {
    softmaxRows: (x, out, rows, cols, log) => (sameType(x, out) ? softmaxRows(x, out, rows, cols, log) : referenceSoftmaxRows(x, out, rows, cols, log)),
    crossEntropyRows: (logY, classes, targets, grad, rows, cols) =>
      sameType(logY, grad) && (classes !== undefined || (targets !== undefined && sameType(targets, grad)))
        ? crossEntropyRows(logY, classes ?? null, classes === undefined ? (targets ?? null) : null, grad, rows, cols)
        : referenceCrossEntropyRows(logY, classes, targets, grad, rows, cols)
  }
}

// The batch gather, in place; mixed element types go to the reference loop. A coded x (ByteCodes)
// is gathered from its codes when the table is of x's type.
// With two threads the next batch's gather can run on the helper while a step runs (startGatherRows).
// On one thread it asks for the rows at once and gathers at the finish, after that step: the rows
// sit at random places in a large array, so their loads then overlap the step's work instead of
// waiting in line (an MNIST epoch here: 36–44 µs of gathering a step as one call, 8 + 10–14 µs so).
const gatherOf = (addon: NativeAddon, threads: 1 | 2): Partial<Ops> => {
  const { gatherRows, gatherRowsStart, gatherRowsJoin, prefetchRows } = addon
  if (gatherRows === undefined) return {}
  const usable = (x: FloatArray, codes: ByteCodes | undefined): ByteCodes | undefined => (codes !== undefined && sameType(codes.table, x) ? codes : undefined)
  const now = (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes): void => {
    if (!sameType(x, out)) return referenceGatherRows(x, indices, out, width)
    const c = usable(x, codes)
    gatherRows(x, indices, out, width, threads, c?.codes ?? null, c?.table ?? null)
  }
  const later =
    threads === 2 && gatherRowsStart !== undefined && gatherRowsJoin !== undefined
      ? (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes): (() => void) => {
          if (!sameType(x, out)) return referenceStartGatherRows(x, indices, out, width)
          const c = usable(x, codes)
          return gatherRowsStart(x, indices, out, width, c?.codes ?? null, c?.table ?? null) ? gatherRowsJoin : nothing
        }
      : prefetchRows !== undefined
        ? (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes): (() => void) => {
            if (!sameType(x, out)) return referenceStartGatherRows(x, indices, out, width)
            prefetchRows(x, indices, width, usable(x, codes)?.codes ?? null)
            return () => now(x, indices, out, width, codes)
          }
        : (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes): (() => void) => {
            now(x, indices, out, width, codes)
            return nothing
          }
  return { gatherRows: now, startGatherRows: later }
}

const nothing = (): void => undefined

// The gather against the reference loop, byte for byte, on one thread and two: 131 rows of 601
// (odd counts, and large enough in float32 for the two-thread split), with repeated indices; then
// from byte codes, with a table of the form k / 255 (the divided path) and one of arbitrary values.
const gatherCase = (addon: NativeAddon, f64: boolean): string | undefined => {
  const gather = addon.gatherRows
  if (gather === undefined) return undefined
  const [rows, width, batch] = [300, 601, 131]
  const indices = Int32Array.from({ length: batch }, (_, r) => (r * 97 + (r % 3)) % rows)
  const codes = new Uint8Array(rows * width)
  for (let i = 0; i < codes.length; i++) codes[i] = (i * 89 + (i >> 7)) & 255
  const coded = (table: FloatArray): [FloatArray, ByteCodes] => {
    const x = f64 ? new Float64Array(rows * width) : new Float32Array(rows * width)
    for (let i = 0; i < x.length; i++) x[i] = table[codes[i]!]!
    return [x, { codes, table }]
  }
  const byDivision = f64 ? Float64Array.from({ length: 256 }, (_, k) => k / 255) : Float32Array.from({ length: 256 }, (_, k) => k / 255)
  const cases: ReadonlyArray<readonly [string, FloatArray, ByteCodes | undefined]> = [
    ['', values(f64, rows * width, 8), undefined],
    [' from codes k / 255', ...coded(byDivision)],
    [' from codes of a table', ...coded(values(f64, 256, 9))]
  ]
  for (const [what, x, c] of cases) {
    const want = f64 ? new Float64Array(batch * width) : new Float32Array(batch * width)
    referenceGatherRows(x, indices, want, width)
    for (const threads of [1, 2]) {
      const got = (f64 ? new Float64Array(batch * width) : new Float32Array(batch * width)).fill(Number.NaN)
      gather(x, indices, got, width, threads, c?.codes ?? null, c?.table ?? null)
      const i = got.findIndex((v, j) => !Object.is(v, want[j]))
      if (i >= 0) return `gatherRows ${f64 ? 'float64' : 'float32'}${what}, ${threads} thread(s): [${i}] = ${got[i]} instead of ${want[i]}`
    }
  }
  return undefined
}

// Deterministic test values in [−1, 1) (a 32-bit LCG; the test needs no key).
const values = (f64: boolean, length: number, seed: number): FloatArray => {
  const x = f64 ? new Float64Array(length) : new Float32Array(length)
  let s = seed >>> 0
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    x[i] = s / 2 ** 31 - 1
  }
  return x
}

// |error| ≤ 4·k·ε bounds the rounding of any summation order (inputs in [−1, 1)); the bias
// adds at most one more rounding of a value ≤ k + 1. The reference runs once per case, the
// addon once per thread count.
const gemmCase = (addon: NativeAddon, isa: NativeIsa, f64: boolean, spec: GemmSpec): string | undefined => {
  const { m, k, n } = spec
  const a = values(f64, m * k, 1 + m)
  const b = values(f64, k * n, 2 + n)
  const bias = spec.bias === undefined ? undefined : values(f64, n, 3)
  const full = { ...spec, ...(bias === undefined ? {} : { bias }) }
  const want = f64 ? new Float64Array(m * n) : new Float32Array(m * n)
  referenceGemm(a, b, want, full)
  const tolerance = 4 * (k + 1) * (f64 ? 2 ** -52 : 2 ** -23)
  for (const threads of [1, 2, 3]) {
    const got = (f64 ? new Float64Array(m * n) : new Float32Array(m * n)).fill(Number.NaN)
    addon.gemm(a, b, got, m, k, n, spec.transA === true, spec.transB === true, threads, isaCode(isa), bias ?? null, spec.relu === true)
    for (let i = 0; i < m * n; i++)
      if (!(Math.abs(got[i]! - want[i]!) <= tolerance))
        return `gemm ${f64 ? 'float64' : 'float32'} ${JSON.stringify({ ...spec, bias: bias !== undefined })}, ${threads} thread(s): C[${Math.floor(i / n)}][${i % n}] = ${got[i]} instead of ${want[i]}`
  }
  return undefined
}

// The element-wise kernels against the reference's, byte for byte (13 × 37: not a multiple of any vector width).
const elementwiseCase = (addon: NativeAddon, f64: boolean): string | undefined => {
  const ops = elementwiseOf(addon)
  if (Object.keys(ops).length === 0) return undefined
  const [rows, cols] = [13, 37]
  const x = values(f64, rows * cols, 5)
  const y = values(f64, rows * cols, 6)
  const row = values(f64, cols, 7)
  const fresh = (n: number): FloatArray => (f64 ? new Float64Array(n) : new Float32Array(n))
  const runs: ReadonlyArray<readonly [string, (k: Partial<Ops>, out: FloatArray) => void, number]> = [
    ['axpy', (k, out) => k.axpy?.(-0.1, x, y, out), rows * cols],
    ['relu', (k, out) => k.relu?.(x, out), rows * cols],
    ['reluGrad', (k, out) => k.reluGrad?.(y, x, out), rows * cols],
    ['addRow', (k, out) => k.addRow?.(x, row, out, rows, cols), rows * cols],
    ['sumRows', (k, out) => k.sumRows?.(x, out, rows, cols), cols]
  ]
  const reference: Partial<Ops> = { axpy: referenceAxpy, relu: referenceRelu, reluGrad: referenceReluGrad, addRow: referenceAddRow, sumRows: referenceSumRows }
  const scan = ops.nonFiniteIndex
  for (const bad of [Number.NaN, Infinity, -Infinity]) {
    for (const at of [0, 300, 480]) {
      const z = fresh(481)
      z[at] = bad
      z[480 - at] = f64 ? Number.MAX_VALUE : 3.4028234663852886e38
      if (scan?.(z) !== at) return `nonFiniteIndex ${f64 ? 'float64' : 'float32'}: ${bad} at ${at}, found ${scan?.(z)}`
    }
  }
  if (scan?.(x) !== -1) return `nonFiniteIndex: found a non-finite value in finite data`
  for (const [name, run, n] of runs) {
    const [got, want] = [fresh(n), fresh(n)]
    run(ops, got)
    run(reference, want)
    const i = got.findIndex((v, j) => !Object.is(v, want[j]))
    if (i >= 0) return `${name} ${f64 ? 'float64' : 'float32'}: [${i}] = ${got[i]} instead of ${want[i]}`
  }
  return undefined
}

// Softmax and cross-entropy against the reference loops within 4 ulps of the element type (the C
// library's exp and log may differ from V8's in a double's last bit): 7 rows of 13 logits over a
// wide range, one row with a NaN, class indices (one of them −1) and probability rows.
const softmaxCase = (addon: NativeAddon, f64: boolean): string | undefined => {
  const ops = softmaxOf(addon)
  if (ops.softmaxRows === undefined || ops.crossEntropyRows === undefined) return undefined
  const [rows, cols] = [7, 13]
  const x = values(f64, rows * cols, 9).map((v) => 30 * v)
  x[5 * cols + 4] = Number.NaN
  const fresh = (): FloatArray => (f64 ? new Float64Array(rows * cols) : new Float32Array(rows * cols))
  const ulps = 4 * (f64 ? 2 ** -52 : 2 ** -23)
  const near = (a: number, b: number): boolean => Object.is(a, b) || Math.abs(a - b) <= ulps * Math.max(1, Math.abs(b))
  const differs = (got: FloatArray, want: FloatArray): number => got.findIndex((v, i) => !near(v, want[i]!))
  const targets = values(f64, rows * cols, 10).map((v) => (v + 1) / (2 * cols))
  const classes = Int32Array.from({ length: rows }, (_, b) => (b === 3 ? -1 : (b * 5) % cols))
  for (const log of [false, true]) {
    const [got, want] = [fresh(), fresh()]
    ops.softmaxRows(x, got, rows, cols, log)
    referenceSoftmaxRows(x, want, rows, cols, log)
    const i = differs(got, want)
    if (i >= 0) return `softmaxRows ${f64 ? 'float64' : 'float32'}${log ? ' (log)' : ''}: [${i}] = ${got[i]} instead of ${want[i]}`
  }
  const logY = fresh()
  referenceSoftmaxRows(x.map((v) => (Number.isNaN(v) ? 0 : v)), logY, rows, cols, true)
  for (const [name, c, t] of [['classes', classes, undefined], ['target rows', undefined, targets]] as const) {
    const [got, want] = [fresh(), fresh()]
    const value = ops.crossEntropyRows(logY, c, t, got, rows, cols)
    const wanted = referenceCrossEntropyRows(logY, c, t, want, rows, cols)
    const i = differs(got, want)
    if (i >= 0 || !near(value, wanted)) return `crossEntropyRows ${f64 ? 'float64' : 'float32'} (${name}): ${i >= 0 ? `[${i}] = ${got[i]} instead of ${want[i]}` : `L = ${value} instead of ${wanted}`}`
  }
  return undefined
}

const convCase = (addon: NativeAddon, w: Window): string | undefined => {
  const img = values(false, w.batch * w.channels * w.height * w.width, 3)
  const colsLength = w.batch * w.outH * w.outW * w.channels * w.kernelH * w.kernelW
  const got = new Float32Array(colsLength).fill(Number.NaN)
  const want = new Float32Array(colsLength)
  addon.im2col(img, got, ...geometryOf(w))
  referenceIm2col(img, want, w)
  if (got.some((x, i) => x !== want[i])) return `im2col ${JSON.stringify(w)} differs from the reference`
  const back = new Float32Array(img.length).fill(Number.NaN)
  const wantBack = new Float32Array(img.length)
  addon.col2im(want, back, ...geometryOf(w))
  referenceCol2im(want, wantBack, w)
  if (back.some((x, i) => !(Math.abs(x - wantBack[i]!) <= 1e-6 * w.kernelH * w.kernelW))) return `col2im ${JSON.stringify(w)} differs from the reference`
  return undefined
}

// conv2dForward and conv2dBackward on one and two threads against the reference's loops.
const convLayerCase = (addon: NativeAddon, isa: NativeIsa, f64: boolean, s: ConvSpec): string | undefined => {
  const K = s.channels * s.kernelH * s.kernelW
  const xs = s.batch * s.channels * s.height * s.width
  const ys = s.batch * s.filters * s.outH * s.outW
  const [x, w, b, dy] = [values(f64, xs, 5), values(f64, s.filters * K, 6), values(f64, s.filters, 7), values(f64, ys, 8)]
  const make = (n: number): FloatArray => (f64 ? new Float64Array(n) : new Float32Array(n))
  const [y, dw, db, dx] = [make(ys), make(s.filters * K), make(s.filters), make(xs)]
  referenceConv2dForward(x, w, b, y, s)
  referenceConv2dBackward(x, w, dy, dw, db, dx, s)
  const tolerance = 8 * (K + s.batch * s.outH * s.outW) * (f64 ? 2 ** -52 : 2 ** -23)
  const differs = (got: FloatArray, want: FloatArray): boolean => got.some((v, i) => !(Math.abs(v - want[i]!) <= tolerance * Math.max(1, Math.abs(want[i]!))))
  for (const threads of [1, 2] as const) {
    const [gy, gw, gb, gx] = [make(ys), make(s.filters * K).fill(Number.NaN), make(s.filters).fill(Number.NaN), make(xs)]
    addon.conv2dForward(x, w, b, gy, ...convArgs(s, threads, isaCode(isa)))
    addon.conv2dBackward(x, w, dy, gw, gb, gx, ...convArgs(s, threads, isaCode(isa)))
    const what = [differs(gy, y) ? 'y' : '', differs(gw, dw) ? 'dw' : '', differs(gb, db) ? 'db' : '', differs(gx, dx) ? 'dx' : ''].filter((t) => t !== '')
    if (what.length > 0) return `conv2d ${f64 ? 'float64' : 'float32'} ${JSON.stringify(s)}, ${threads} thread(s): ${what.join(', ')} differ from the reference`
  }
  return undefined
}

// Max pooling on one and two threads against the reference loops (exact: only comparisons and additions onto zeros).
const maxPoolCase = (addon: NativeAddon, w: Window): string | undefined => {
  const x = values(false, w.batch * w.channels * w.height * w.width, 9)
  const n = w.batch * w.channels * w.outH * w.outW
  const [y, at, dx] = [new Float32Array(n), new Uint8Array(n), new Float32Array(x.length)]
  referenceMaxPoolForward(x, y, at, w)
  referenceMaxPoolBackward(y, at, dx, w)
  for (const threads of [1, 2]) {
    const [gy, gat, gdx] = [new Float32Array(n).fill(Number.NaN), new Uint8Array(n).fill(255), new Float32Array(x.length).fill(Number.NaN)]
    addon.maxPoolForward(x, gy, gat, ...geometryOf(w), threads)
    addon.maxPoolBackward(y, at, gdx, ...geometryOf(w), threads)
    if (gy.some((v, i) => v !== y[i]) || gat.some((v, i) => v !== at[i]) || gdx.some((v, i) => v !== dx[i])) return `maxPool ${JSON.stringify(w)}, ${threads} thread(s) differs from the reference`
  }
  return undefined
}

const window = (batch: number, channels: number, height: number, width: number, kernel: readonly [number, number], stride: readonly [number, number], pad: readonly [number, number]): Window => ({
  batch,
  channels,
  height,
  width,
  kernelH: kernel[0],
  kernelW: kernel[1],
  strideH: stride[0],
  strideW: stride[1],
  padH: pad[0],
  padW: pad[1],
  outH: Math.floor((height + 2 * pad[0] - kernel[0]) / stride[0]) + 1,
  outW: Math.floor((width + 2 * pad[1] - kernel[1]) / stride[1]) + 1
})

// Shapes, each on one and two threads and every path the CPU has: [40×300×70] crosses the 12-
// and 6-row tiles, the 16/32-column panels, two p-blocks, and is large enough to be split
// across the threads; [13×37×45] is all edges; float64 also on [30×150×40] (two p-blocks of
// the float64 kernel); the epilogue on the split shape. About 40 ms.
const selfTest = (addon: NativeAddon): E.Either<string, NativeAddon> => {
  const best = addon.resolveIsa('best')
  const paths = (['avx512', 'avx2', 'generic'] as const).filter((isa) => addon.resolveIsa(isa) === isa && isaCode(isa) <= isaCode(best))
  const cases: Array<() => string | undefined> = []
  for (const isa of paths) {
    for (const transA of [false, true])
      for (const transB of [false, true]) {
        cases.push(() => gemmCase(addon, isa, false, { m: 13, k: 37, n: 45, transA, transB }))
        cases.push(() => gemmCase(addon, isa, false, { m: 40, k: 300, n: 70, transA, transB }))
        cases.push(() => gemmCase(addon, isa, true, { m: 13, k: 37, n: 45, transA, transB }))
        cases.push(() => gemmCase(addon, isa, true, { m: 30, k: 150, n: 40, transA, transB }))
      }
    cases.push(() => gemmCase(addon, isa, false, { m: 40, k: 300, n: 70, bias: new Float32Array(0), relu: true }))
    cases.push(() => gemmCase(addon, isa, true, { m: 13, k: 37, n: 45, transB: true, bias: new Float64Array(0) }))
  }
  cases.push(() => elementwiseCase(addon, false), () => elementwiseCase(addon, true))
  cases.push(() => gatherCase(addon, false), () => gatherCase(addon, true))
  cases.push(() => softmaxCase(addon, false), () => softmaxCase(addon, true))
  cases.push(() => convCase(addon, window(2, 3, 7, 6, [3, 2], [2, 1], [1, 0])))
  cases.push(() => convCase(addon, window(1, 2, 5, 5, [3, 3], [1, 2], [1, 1])))
  // The whole layer: 20 examples cross the task split (16 tasks of 2 and of 1 example).
  for (const f64 of [false, true]) {
    cases.push(() => convLayerCase(addon, best, f64, { ...window(20, 3, 7, 6, [3, 2], [2, 1], [1, 0]), filters: 5 }))
    cases.push(() => convLayerCase(addon, best, f64, { ...window(3, 2, 6, 6, [3, 3], [1, 1], [1, 1]), filters: 4 }))
  }
  cases.push(() => maxPoolCase(addon, window(3, 7, 9, 8, [2, 2], [2, 2], [0, 0])))
  cases.push(() => maxPoolCase(addon, window(2, 9, 7, 7, [3, 2], [2, 1], [0, 0])))
  for (const run of cases) {
    const failure = run()
    if (failure !== undefined) return E.left(`native kernels failed their self-test: ${failure}`)
  }
  return E.right(addon)
}
