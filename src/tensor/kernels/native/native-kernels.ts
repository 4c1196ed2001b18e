/**
 * The native backend for Node: native/kanzen.cc's packed, cache-blocked GEMM (AVX-512 or AVX2
 * chosen at load, two blocking threads) and its im2col/col2im, behind the `Kernels` record.
 *
 * Trusted only after a self-test at load: every GEMM layout in float32 and float64, on shapes
 * that cross the tile edges, the p-blocks and (with two threads) the task split, and im2col and
 * col2im with stride and padding, all against the reference loops. A build that computes
 * anything wrong is refused with the first discrepancy as the reason.
 *
 * Per call there is no copy: the addon reads the caller's typed arrays and writes the fresh
 * `out` in place.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { blockedGemm } from '../blocked.js'
import type { FloatArray, Kernels } from '../kernels.js'
import { referenceGemm } from '../reference.js'
import { isaCode, loadAddon } from './addon.js'
import type { NativeAddon, NativeIsa } from './addon.js'
import { convOutput, referenceCol2im, referenceIm2col } from './im2col-reference.js'
import type { ConvGeometry } from './im2col-reference.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The native backend: the GEMM of `Kernels` plus im2col/col2im (see im2col-reference.ts). @category kernels @since 0.3.0 */
export interface NativeKernels extends Kernels {
  /** The instruction-set path in use. */
  readonly isa: NativeIsa
  /** Fill `cols` (fresh, n·c·kh·kw·oh·ow) from the NCHW batch `img`. */
  readonly im2col: (g: ConvGeometry, img: FloatArray, cols: FloatArray) => void
  /** Fill `img` (fresh, n·c·h·w) with the sums of `cols` (im2col's adjoint). */
  readonly col2im: (g: ConvGeometry, cols: FloatArray, img: FloatArray) => void
}

/** Options of `loadNativeKernels`. @category kernels @since 0.3.0 */
export interface NativeOptions {
  readonly threads?: 1 | 2
  /** Where the build put the addon (default `<package>/native/build`); for tests of the fallback. */
  readonly buildDir?: string
  /** Use a narrower path than the CPU's best (to test every path on one machine); Left if the CPU lacks it. */
  readonly isa?: NativeIsa
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Load the native kernels and self-test them. Left says why they are not used.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const k = Tensor.loadNativeKernels({ threads: 1 })
 * assert.ok(k._tag === 'Right' ? k.right.name.startsWith('native-') : k.left.length > 0)
 *
 * @category kernels
 * @since 0.3.0
 */
export const loadNativeKernels = (options: NativeOptions = {}): E.Either<string, NativeKernels> => {
  const dir = options.buildDir ?? ''
  const addon = tested.get(dir) ?? E.chain(selfTest)(loadAddon(options.buildDir))
  tested.set(dir, addon)
  return E.chain((a: NativeAddon) => {
    const isa = a.resolveIsa(options.isa ?? 'best')
    return options.isa !== undefined && isa !== options.isa
      ? E.left(`native kernels: this CPU has no ${options.isa} path`)
      : E.right(nativeKernels(a, isa, options.threads ?? 1))
  })(addon)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Self-tested addons by build folder ('' = the package's own): the test runs once per process.
const tested = new Map<string, E.Either<string, NativeAddon>>()

const geometryOf = (g: ConvGeometry): readonly [number, number, number, number, number, number, number, number, number, number] => [
  g.n,
  g.c,
  g.h,
  g.w,
  g.kh,
  g.kw,
  g.strideH,
  g.strideW,
  g.padH,
  g.padW
]

const nativeKernels = (addon: NativeAddon, isa: NativeIsa, threads: 1 | 2): NativeKernels => {
  const code = isaCode(isa)
  const gemm = (a: FloatArray, b: FloatArray, out: FloatArray, m: number, k: number, n: number, transA: boolean, transB: boolean): void => {
    if (a.constructor === b.constructor && b.constructor === out.constructor) addon.gemm(a, b, out, m, k, n, transA, transB, threads, code)
    else blockedGemm(a, b, out, m, k, n, transA, transB)
  }
  const im2col = (g: ConvGeometry, img: FloatArray, cols: FloatArray): void => {
    if (img.constructor === cols.constructor) addon.im2col(img, cols, ...geometryOf(g))
    else referenceIm2col(g, img, cols)
  }
  const col2im = (g: ConvGeometry, cols: FloatArray, img: FloatArray): void => {
    if (img.constructor === cols.constructor) addon.col2im(cols, img, ...geometryOf(g))
    else referenceCol2im(g, cols, img)
  }
  return { name: `native-${isa}${threads === 2 ? '×2' : ''}`, isa, gemm, im2col, col2im }
}

// Deterministic test values in [−1, 1) (a 32-bit LCG; the test needs no key).
const values = <A extends FloatArray>(make: (n: number) => A, length: number, seed: number): A => {
  const x = make(length)
  let s = seed >>> 0
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    x[i] = s / 2 ** 31 - 1
  }
  return x
}

// |error| ≤ 4·k·ε·max|a|·max|b| bounds the rounding of any summation order (inputs in [−1, 1)).
// The reference runs once per case; the addon once per thread count.
const gemmCase = (addon: NativeAddon, isa: NativeIsa, f64: boolean, m: number, k: number, n: number, transA: boolean, transB: boolean): string | undefined => {
  const make = (len: number): FloatArray => (f64 ? new Float64Array(len) : new Float32Array(len))
  const a = values(make, m * k, 1 + m)
  const b = values(make, k * n, 2 + n)
  const want = make(m * n)
  referenceGemm(a, b, want, m, k, n, transA, transB)
  const tolerance = 4 * k * (f64 ? 2 ** -52 : 2 ** -23)
  for (const threads of [1, 2]) {
    const got = make(m * n).fill(Number.NaN)
    addon.gemm(a, b, got, m, k, n, transA, transB, threads, isaCode(isa))
    for (let i = 0; i < m * n; i++)
      if (!(Math.abs(got[i]! - want[i]!) <= tolerance))
        return `gemm ${f64 ? 'float64' : 'float32'} [${m}×${k}×${n}] transA=${transA} transB=${transB}, ${threads} thread(s): C[${Math.floor(i / n)}][${i % n}] = ${got[i]} instead of ${want[i]}`
  }
  return undefined
}

const convCase = (addon: NativeAddon, g: ConvGeometry): string | undefined => {
  const [oh, ow] = convOutput(g)
  const img = values((l) => new Float32Array(l), g.n * g.c * g.h * g.w, 3)
  const colsLength = g.n * g.c * g.kh * g.kw * oh * ow
  const got = new Float32Array(colsLength).fill(Number.NaN)
  const want = new Float32Array(colsLength)
  addon.im2col(img, got, ...geometryOf(g))
  referenceIm2col(g, img, want)
  if (got.some((x, i) => x !== want[i])) return `im2col ${JSON.stringify(g)} differs from the reference`
  const back = new Float32Array(img.length).fill(Number.NaN)
  const wantBack = new Float32Array(img.length)
  addon.col2im(want, back, ...geometryOf(g))
  referenceCol2im(g, want, wantBack)
  if (back.some((x, i) => !(Math.abs(x - wantBack[i]!) <= 1e-6 * g.kh * g.kw))) return `col2im ${JSON.stringify(g)} differs from the reference`
  return undefined
}

// Shapes, each on one and two threads: [40×300×70] crosses the 12- and 6-row tiles, the 16/32
// column panels, two p-blocks, and is large enough to be split across the threads; [13×37×45]
// is all edges; float64 also on [30×150×40] (two p-blocks of the float64 kernel). Every path
// the CPU has is tested (the specs narrow the path on purpose). About 40 ms.
const selfTest = (addon: NativeAddon): E.Either<string, NativeAddon> => {
  const best = addon.resolveIsa('best')
  const paths = (['avx512', 'avx2', 'generic'] as const).filter((isa) => addon.resolveIsa(isa) === isa && isaCode(isa) <= isaCode(best))
  for (const isa of paths) {
    const cases: Array<() => string | undefined> = []
    for (const transA of [false, true])
      for (const transB of [false, true]) {
        cases.push(() => gemmCase(addon, isa, false, 13, 37, 45, transA, transB))
        cases.push(() => gemmCase(addon, isa, false, 40, 300, 70, transA, transB))
        cases.push(() => gemmCase(addon, isa, true, 13, 37, 45, transA, transB))
        cases.push(() => gemmCase(addon, isa, true, 30, 150, 40, transA, transB))
      }
    for (const run of cases) {
      const failure = run()
      if (failure !== undefined) return E.left(`native kernels (${isa}) failed their self-test: ${failure}`)
    }
  }
  for (const g of [
    { n: 2, c: 3, h: 7, w: 6, kh: 3, kw: 2, strideH: 2, strideW: 1, padH: 1, padW: 0 },
    { n: 1, c: 2, h: 5, w: 5, kh: 3, kw: 3, strideH: 1, strideW: 2, padH: 1, padW: 1 }
  ]) {
    const failure = convCase(addon, g)
    if (failure !== undefined) return E.left(`native kernels failed their self-test: ${failure}`)
  }
  return E.right(addon)
}
