/**
 * Matrix-product throughput at the shapes an MNIST MLP uses, for every kernel backend, against
 * the reference loops (the naive i-j-k triple loop) measured in the same process, beside numpy
 * (one OpenBLAS thread, a child process) and the WebAssembly peak probe (scripts/bench/peak.ts).
 *
 * The method: one RUN repeats the product until it has lasted at least `minMs` (20 ms; the count
 * is fixed per backend and shape by a warm-up that doubles it until it does), and reports the time
 * per product. A single product is 0.1–0.5 ms, too short to time against the clock's and the
 * CPU's frequency noise, and a reference run between two of them would evict the caches. The
 * backends take turns run by run (round-robin), each WebAssembly run is followed by a run of the
 * peak probe of its build, and every figure is a median over the rounds.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { Tensor } from '../../src/index.js'
import { instantiate, viewOf } from '../../src/tensor/kernels/wasm/instance.js'
import { runTask } from '../../src/tensor/kernels/wasm/pool.js'
import { blocking, layoutOf, packOperands, windowBlock, windowViews } from '../../src/tensor/kernels/wasm/backend.js'
import type { Blocking } from '../../src/tensor/kernels/wasm/backend.js'
import type { PeakProbe } from './peak.js'
import { median, table } from './timing.js'
import { baselineEnv } from './baseline-env.js'

export interface GemmShape {
  readonly label: string
  readonly m: number
  readonly k: number
  readonly n: number
  readonly transA: boolean
  readonly transB: boolean
}

/** op(A) is m×k and op(B) is k×n; the labels say how the MLP meets each product. */
export const mlpShapes: ReadonlyArray<GemmShape> = [
  { label: '[100,784]·[784,100]  forward, layer 1', m: 100, k: 784, n: 100, transA: false, transB: false },
  { label: '[100,100]·[100,10]   forward, layer 2', m: 100, k: 100, n: 10, transA: false, transB: false },
  { label: '[100,784]ᵀ·[100,100] backward, ∂L/∂W1 = Xᵀ·Δ', m: 784, k: 100, n: 100, transA: true, transB: false },
  { label: '[100,100]·[784,100]ᵀ backward, Δ·W1ᵀ', m: 100, k: 100, n: 784, transA: false, transB: true },
  { label: '[100,100]ᵀ·[100,10]  backward, ∂L/∂W2 = H1ᵀ·Δ2', m: 100, k: 100, n: 10, transA: true, transB: false },
  { label: '[100,10]·[100,10]ᵀ   backward, Δ2·W2ᵀ', m: 100, k: 10, n: 100, transA: false, transB: true },
  { label: '[128,784]·[784,512]  a wider layer', m: 128, k: 784, n: 512, transA: false, transB: false },
  { label: '[128,784]ᵀ·[128,512] its ∂L/∂W = Xᵀ·Δ', m: 784, k: 128, n: 512, transA: true, transB: false },
  { label: '[128,512]·[784,512]ᵀ its Δ·Wᵀ', m: 128, k: 512, n: 784, transA: false, transB: true },
  { label: '1024³                 cache blocking', m: 1024, k: 1024, n: 1024, transA: false, transB: false }
]

/** How long one run lasts at least, in milliseconds. */
export const minMs = 20

// The reference loops at 1024³ would take seconds per run; they are skipped there (ratios then '—').
const slowLimit = 1e9

const WARM_PRODUCTS = 24
const WARM_MS = 1000

const random = (n: number, seed: number): Float32Array => {
  // A tiny LCG: benchmark inputs only need to be fixed and non-trivial.
  const out = new Float32Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 32 - 0.5
  }
  return out
}

/** The peak probes of both WebAssembly builds (relaxed undefined where the runtime lacks it). */
export interface Probes {
  readonly plain: PeakProbe
  readonly relaxed: PeakProbe | undefined
}

export interface GemmResult {
  readonly shape: GemmShape
  readonly backend: string
  readonly gflops: number
  /** Median over the rounds of reference time / this time (NaN without a reference at this shape). */
  readonly ratio: number
  /** For a WebAssembly backend: median over the rounds of its GFLOP/s over threads × its own build's peak (probed right after it), in %. */
  readonly peakPct: number | undefined
  /** Median time per product over numpy's (undefined without numpy). */
  readonly numpyRatio: number | undefined
}

/** Per-product milliseconds at each shape in numpy (scripts/bench/numpy-gemm.py, one thread), or why it was skipped. */
export const numpyGemm = (shapes: ReadonlyArray<GemmShape>, runs: number): { readonly version: string; readonly ms: ReadonlyArray<number> } | string => {
  const script = fileURLToPath(new URL('./numpy-gemm.py', import.meta.url))
  const env = baselineEnv()
  const arg = JSON.stringify(shapes.map((s) => [s.m, s.k, s.n, s.transA, s.transB]))
  const r = spawnSync('python3', [script, arg, String(runs), String(minMs)], { env, encoding: 'utf8' })
  if (r.error !== undefined) return `numpy skipped: python3 not found (${r.error.message})`
  if (r.status !== 0) return `numpy skipped: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit ${r.status}`}`
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { numpy?: string; ms?: Array<number> }
  if (out.numpy === undefined || out.ms?.length !== shapes.length) return 'numpy skipped: no timings in its output'
  return { version: out.numpy, ms: out.ms }
}

/** Which peak a backend is held to: its build's, times its thread count; undefined for a non-WebAssembly backend. */
const peakOf = (name: string): { readonly relaxed: boolean; readonly threads: number } | undefined =>
  name.startsWith('wasm-') ? { relaxed: name.startsWith('wasm-relaxed'), threads: name.endsWith('×2') ? 2 : 1 } : undefined

/**
 * GFLOP/s (2·m·n·k per product) of each backend at each shape, the ratio against the first
 * backend (the reference), the WebAssembly backends' share of the peak, and the time against
 * numpy's. `numpyMs` holds numpy's per-product times, one per shape (empty: no numpy).
 */
export const benchGemm = (
  backends: ReadonlyArray<Tensor.Kernels>,
  probes: Probes,
  shapes: ReadonlyArray<GemmShape> = mlpShapes,
  runs = 7,
  numpyMs: ReadonlyArray<number> = []
): ReadonlyArray<GemmResult> =>
  shapes.flatMap((shape, s) => {
    const { m, k, n, transA, transB } = shape
    const a = random(m * k, 1)
    const b = random(k * n, 2)
    const flops = 2 * m * n * k
    const active = backends.filter((kernels) => !(kernels.name === 'reference' && flops > slowLimit))
    // One output array per backend, reused by every product as the library's recycled arrays are:
    // a fresh 300 KB array per call would time the page faults of the allocation, not the product.
    const outs = active.map(() => new Float32Array(m * n))
    const timed = (i: number, reps: number): number => {
      const kernels = active[i]!
      const t0 = performance.now()
      for (let r = 0; r < reps; r++) kernels.gemm(a, b, outs[i]!, { m, k, n, transA, transB })
      return (performance.now() - t0) / reps
    }
    // Warm-up: the native two-thread backend decides per shape over its first 16 products whether
    // cutting it pays (native/kanzen.cc, runMeasured), so every backend first runs 24 products, or
    // for 1 s if that is sooner; timing before would average the trials' alternation into its rows.
    active.forEach((_k, i) => {
      const t0 = performance.now()
      for (let r = 0; r < WARM_PRODUCTS && performance.now() - t0 < WARM_MS; r++) timed(i, 1)
    })
    // Calibration: double the count until a run lasts minMs.
    const reps = active.map((_k, i) => {
      let r = 1
      while (timed(i, r) * r < minMs) r *= 2
      return r
    })
    // Each WebAssembly run is followed at once by a run of its build's peak probe, so that the two
    // meet the same load on this shared machine: the share of the peak is taken run by run.
    const probeOf = active.map((kernels) => {
      const p = peakOf(kernels.name)
      return p === undefined ? undefined : { probe: p.relaxed ? probes.relaxed : probes.plain, threads: p.threads }
    })
    const ms = active.map(() => [] as Array<number>)
    const peaks = active.map(() => [] as Array<number>)
    for (let round = 0; round < runs; round++) {
      active.forEach((_k, i) => {
        ms[i]!.push(timed(i, reps[i]!))
        const p = probeOf[i]
        if (p?.probe !== undefined) peaks[i]!.push(p.threads * p.probe.run(minMs))
      })
    }
    const base = backends[0] === active[0] ? ms[0] : undefined
    return active.map((kernels, i) => ({
      shape,
      backend: kernels.name,
      gflops: flops / (median(ms[i]!) * 1e6),
      ratio: base === undefined ? NaN : median(ms[i]!.map((t, r) => base[r]! / t)),
      peakPct: peaks[i]!.length === 0 ? undefined : median(ms[i]!.map((t, r) => (100 * flops) / (t * 1e6) / peaks[i]![r]!)),
      numpyRatio: numpyMs[s] === undefined ? undefined : median(ms[i]!) / numpyMs[s]
    }))
  })

/** The table: numpy's row (when measured) after each shape's kanzen rows. */
export const renderGemm = (results: ReadonlyArray<GemmResult>, numpyMs: ReadonlyArray<number> = [], shapes = mlpShapes): string =>
  table(
    ['product', 'backend', 'GFLOP/s', '× reference', '% wasm peak', 'time × numpy-1t'],
    shapes.flatMap((shape, s) => [
      ...results
        .filter((r) => r.shape === shape)
        .map((r) => [
          r.shape.label,
          r.backend,
          r.gflops.toFixed(2),
          Number.isNaN(r.ratio) ? '—' : r.ratio.toFixed(2),
          r.peakPct === undefined ? '' : `${r.peakPct.toFixed(0)} %`,
          r.numpyRatio === undefined ? '' : `${r.numpyRatio.toFixed(2)}×`
        ]),
      ...(numpyMs[s] === undefined ? [] : [[shape.label, 'numpy + OpenBLAS 1t', ((2 * shape.m * shape.n * shape.k) / (numpyMs[s] * 1e6)).toFixed(2), '', '', '1.00×']])
    ])
  )

/** The peak line: the median of every probe run of the section. */
export const renderPeak = (probes: Probes, runs = 9): string => {
  const med = (p: PeakProbe): string => median(Array.from({ length: runs }, () => p.run(minMs))).toFixed(1)
  return `WebAssembly peak probe (register-only multiply-adds, 1 thread, median of ${runs} runs of ${minMs} ms): simd ${med(probes.plain)} GFLOP/s, relaxed-simd ${probes.relaxed === undefined ? 'not available' : `${med(probes.relaxed)} GFLOP/s`}`
}

/**
 * Where a WebAssembly call's time goes, on one thread, at each shape: copying A and B into the
 * module's memory, packing them into panels, the micro-kernel, copying C out — each part timed
 * alone (runs of ≥ minMs), laid out as src/tensor/kernels/wasm/backend.ts lays out a call.
 */
export const wasmBreakdown = (relaxed: boolean, shapes: ReadonlyArray<GemmShape> = mlpShapes.slice(0, 9), runs = 5, blocks: Blocking = blocking): string => {
  const inst = instantiate(undefined, relaxed, false)
  if (E.isLeft(inst)) return `WebAssembly breakdown skipped: ${inst.left}`
  const w = inst.right
  const each = (f: () => void): number => {
    let reps = 1
    for (;;) {
      const t0 = performance.now()
      for (let r = 0; r < reps; r++) f()
      const dt = performance.now() - t0
      if (dt >= minMs) return dt / reps
      reps *= 2
    }
  }
  const lines = shapes.map((shape) => {
    const { m, k, n, transA, transB } = shape
    const a = random(m * k, 1)
    const b = random(k * n, 2)
    const out = new Float32Array(m * n)
    const l = layoutOf(shape, blocks)
    const f = viewOf(w, l.bytes)
    const copyIn = (): void => {
      f.set(a, l.a)
      f.set(b, l.b)
    }
    const pack = (): void => packOperands(w.exports, l.packs)
    // C through a window of rows (backend.ts runInWindow): the blocks' kernel calls, then their copies out of the window
    const views = l.windowRows > 0 ? windowViews(l, f) : []
    const kernel = (): void => {
      if (l.windowRows > 0) for (let i0 = 0; i0 < m; i0 += l.windowRows) windowBlock(w.exports, l, i0)
      else for (let t = 0; t < l.plan[13]; t++) runTask(w.exports, l.plan, t)
    }
    const copyOut = (): void => {
      if (l.windowRows > 0) views.forEach((v, t) => out.set(v, t * l.windowRows * n))
      else out.set(f.subarray(l.c, l.c + m * n))
    }
    const parts = [copyIn, pack, kernel, copyOut].map((g) => median(Array.from({ length: runs }, () => each(g))))
    const whole = parts.reduce((x, y) => x + y, 0)
    const us = (x: number): string => (1000 * x).toFixed(1)
    return [shape.label, us(parts[0]!), us(parts[1]!), us(parts[2]!), us(parts[3]!), `${((100 * (whole - parts[2]!)) / whole).toFixed(1)} %`, ((2 * m * n * k) / (parts[2]! * 1e6)).toFixed(1)]
  })
  return (
    `where a ${relaxed ? 'wasm-relaxed-simd' : 'wasm-simd'} call's time goes (1 thread; µs per product, each part timed alone):\n` +
    table(['product', 'copy in', 'pack', 'kernel', 'copy out', 'outside kernel', 'kernel GFLOP/s'], lines)
  )
}
