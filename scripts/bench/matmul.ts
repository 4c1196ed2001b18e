/**
 * Matrix-product throughput at the shapes an MNIST MLP uses, for every kernel backend, against
 * the reference loops (the naive i-j-k triple loop) measured in the same process.
 */
import { Tensor } from '../../src/index.js'
import { median, table, time } from './timing.js'

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
  { label: '[128,784]·[784,512]  a wider layer', m: 128, k: 784, n: 512, transA: false, transB: false },
  { label: '1024³                 cache blocking', m: 1024, k: 1024, n: 1024, transA: false, transB: false }
]

// The reference loops at 1024³ would take seconds per run; they are skipped there (ratios then '—').
const slowLimit = 1e9

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

export interface GemmResult {
  readonly shape: GemmShape
  readonly backend: string
  readonly gflops: number
  readonly ratio: number
}

/**
 * GFLOP/s (2·m·n·k per product) of each backend at each shape, and the ratio against the first
 * backend. The backends take turns (round-robin: one run of each, then again), and the ratio is
 * the median of the per-round ratios, so that a load change on this shared machine hits every
 * backend alike instead of whichever happened to run at that moment.
 */
export const benchGemm = (backends: ReadonlyArray<Tensor.Kernels>, shapes = mlpShapes, runs = 7): ReadonlyArray<GemmResult> =>
  shapes.flatMap((shape) => {
    const { m, k, n, transA, transB } = shape
    const a = random(m * k, 1)
    const b = random(k * n, 2)
    const flops = 2 * m * n * k
    const active = backends.filter((kernels) => !(kernels.name === 'reference' && flops > slowLimit))
    const once = (kernels: Tensor.Kernels): number => time(() => kernels.gemm(a, b, new Float32Array(m * n), { m, k, n, transA, transB }), 1, 0).medianMs
    for (const kernels of active) time(() => once(kernels), 1, 2)
    const ms = active.map(() => [] as Array<number>)
    for (let r = 0; r < runs; r++) active.forEach((kernels, i) => ms[i]!.push(once(kernels)))
    const base = backends[0] === active[0] ? ms[0] : undefined
    return active.map((kernels, i) => ({
      shape,
      backend: kernels.name,
      gflops: flops / (median(ms[i]!) * 1e6),
      ratio: base === undefined ? NaN : median(ms[i]!.map((t, r) => base[r]! / t))
    }))
  })

export const renderGemm = (results: ReadonlyArray<GemmResult>): string =>
  table(
    ['product', 'backend', 'GFLOP/s', '× reference'],
    results.map((r) => [r.shape.label, r.backend, r.gflops.toFixed(2), Number.isNaN(r.ratio) ? '—' : r.ratio.toFixed(2)])
  )

/**
 * What the WebAssembly backend's copies cost at the forward product [100,784]·[784,100]: A and B
 * into a shared-memory view (as the kernel does), C out of it, against the whole product.
 */
export const copyCost = (wasm: Tensor.Kernels, runs = 7): string => {
  const [m, k, n] = [100, 784, 100]
  const a = random(m * k, 1)
  const b = random(k * n, 2)
  const out = new Float32Array(m * n)
  const view = new Float32Array(new SharedArrayBuffer(4 * (m * k + k * n + m * 104 + 64)))
  const copyIn = time(() => {
    view.set(a, 0)
    view.set(b, m * k)
  }, runs * 20).medianMs
  const copyOut = time(() => {
    for (let i = 0; i < m; i++) out.set(view.subarray(m * k + k * n + i * 104, m * k + k * n + i * 104 + n), i * n)
  }, runs * 20).medianMs
  const whole = time(() => wasm.gemm(a, b, new Float32Array(m * n), { m, k, n }), runs * 5).medianMs
  const pct = (100 * (copyIn + copyOut)) / whole
  return `copy cost at [100,784]·[784,100] (${wasm.name}): in ${(copyIn * 1000).toFixed(1)} µs, out ${(copyOut * 1000).toFixed(1)} µs, whole product ${(whole * 1000).toFixed(0)} µs → copies ${pct.toFixed(1)} %`
}
