/**
 * Epoch time of the 784-100-10 MLP (SGD, batch 100, 60,000 samples) on kanzen's backends and on
 * TensorFlow.js, in the same process. Each engine: one warm-up pass, then `epochs` timed passes (kanzen's
 * thread counts alternate pass by pass);
 * the median is reported. Slow engines may run only `batches` < 600 batches per pass, and their
 * epoch time is then scaled by 600 / batches (the table says so in its "batches" column).
 * Wall time and process CPU time are both given: on a shared machine CPU time is the steadier one
 * for a single thread (with two threads it counts both cores).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Tensor } from '../../src/index.js'
import { batcher, initParams, mlps, shuffled, trainEpochs } from './mlp.js'
import type { Data, Mlp } from './mlp.js'
import type { TfCompare } from './compare.js'
import { median, table } from './timing.js'
import { baselineEnv, describeBaseline } from './baseline-env.js'

export interface EpochRow {
  readonly engine: string
  readonly batches: number
  readonly wallS: ReadonlyArray<number>
  readonly cpuS: ReadonlyArray<number>
  /** The median share of the epoch's wall time spent outside the matrix products (kanzen rows). */
  readonly outsideGemm?: number
  readonly note: string
}

const BATCHES = 600

const timeEpochs = (pass: () => void, epochs: number, batches: number, warmUp = true, perEpoch = BATCHES): Pick<EpochRow, 'wallS' | 'cpuS'> => {
  if (warmUp) pass()
  const wallS: Array<number> = []
  const cpuS: Array<number> = []
  for (let e = 0; e < epochs; e++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    pass()
    const c = process.cpuUsage(c0)
    const scale = perEpoch / batches
    wallS.push(((performance.now() - t0) / 1000) * scale)
    cpuS.push(((c.user + c.system) / 1e6) * scale)
  }
  return { wallS, cpuS }
}

/**
 * kanzen with the given backend choice, for each thread count. With several thread counts the
 * timed passes alternate (1, 2, 1, 2, …) so that a load change on the machine hits both alike.
 * The matrix products are timed too (the active kernels' gemm, wrapped), so the row says which
 * share of the epoch is spent outside them.
 */
export const kanzenEpochs = (data: Data, choice: Tensor.KernelChoice, threads: ReadonlyArray<1 | 2>, epochs: number, batches = BATCHES, mlp: Mlp = mlps[0]!): ReadonlyArray<EpochRow> => {
  const trainer = mlp.trainer(data)
  const perEpoch = Math.floor(data.n / mlp.batch)
  const n = Math.min(batches, perEpoch)
  let gemmMs = 0
  const passes = threads.map((t) => () => {
    const k = Tensor.resolveKernels(choice, { threads: t }).kernels
    Tensor.useKernels({ ...k, gemm: (a, b, out, spec) => {
      const t0 = performance.now()
      k.gemm(a, b, out, spec)
      gemmMs += performance.now() - t0
    } })
    trainer.pass(n)
  })
  passes.forEach((pass) => pass()) // warm-up
  const timed = passes.map(() => ({ wallS: [] as Array<number>, cpuS: [] as Array<number>, gemmS: [] as Array<number> }))
  for (let e = 0; e < epochs; e++) {
    passes.forEach((pass, i) => {
      gemmMs = 0
      const t = timeEpochs(pass, 1, n, false, perEpoch)
      timed[i]!.wallS.push(...t.wallS)
      timed[i]!.cpuS.push(...t.cpuS)
      timed[i]!.gemmS.push((gemmMs / 1000) * (perEpoch / n))
    })
  }
  const acc = n === perEpoch ? `, accuracy on the first 10,000 training images afterwards ${(100 * trainer.accuracy()).toFixed(1)} %` : ''
  return threads.map((t, i) => {
    const status = Tensor.selectKernels(choice, { threads: t })
    const fallback = status.fallbackReason === undefined ? '' : ` (fallback: ${status.fallbackReason})`
    const { wallS, cpuS, gemmS } = timed[i]!
    const outside = 1 - median(gemmS.map((g, j) => g / wallS[j]!))
    return { engine: `kanzen ${status.active}`, batches: n, wallS, cpuS, outsideGemm: outside, note: `${t} thread${t === 2 ? 's' : ''}${fallback}${acc}` }
  })
}

/**
 * The same network in numpy (scripts/bench/numpy-mlp.py, one OpenBLAS thread), in a child process:
 * a row, or why it was skipped (no python3, or no numpy).
 */
export const numpyEpochs = (mlp: Mlp, dataDir: string, epochs: number): EpochRow | string => {
  const script = fileURLToPath(new URL('./numpy-mlp.py', import.meta.url))
  const env = baselineEnv()
  const r = spawnSync('python3', [script, mlp.name, String(mlp.batch), String(mlp.lr), String(epochs), dataDir], { env, encoding: 'utf8' })
  if (r.error !== undefined) return `numpy skipped: python3 not found (${r.error.message})`
  if (r.status !== 0) return `numpy skipped: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit ${r.status}`}`
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { wall?: Array<number>; cpu?: Array<number> }
  if (out.wall === undefined || out.cpu === undefined) return 'numpy skipped: no timings in its output'
  return { engine: 'numpy + OpenBLAS', batches: Math.floor(60000 / mlp.batch), wallS: out.wall, cpuS: out.cpu, note: `1 thread (${describeBaseline()})` }
}

/** TensorFlow.js (loaded by `loadTfCompare`) with one of its backends. */
export const tfjsEpochs = async (tf: TfCompare, data: Data, backend: 'cpu' | 'wasm', epochs: number, batches: number): Promise<EpochRow> => {
  await tf.useTfBackend(backend)
  const trainer = tf.tfTrainer(data, shuffled(data.n))
  const t = timeEpochs(() => trainer.run(batches), epochs, batches)
  trainer.dispose()
  return { engine: `TensorFlow.js ${backend}`, batches, ...t, note: backend === 'wasm' ? 'SIMD, single-threaded in Node' : 'pure JavaScript' }
}

/**
 * The table; with a numpy row, each row's epoch time (wall and CPU) as a multiple of numpy's on one
 * thread, measured in this run.
 */
export const renderEpochs = (rows: ReadonlyArray<EpochRow>): string => {
  const numpy = rows.find((r) => r.engine.startsWith('numpy'))
  const ratio = (r: EpochRow, f: (r: EpochRow) => ReadonlyArray<number>): string =>
    numpy === undefined ? '—' : `${(median(f(r)) / median(f(numpy))).toFixed(2)}×`
  return table(
    ['engine', 'batches/pass', 'epoch s (median)', 'min s', 'CPU s (median)', '× numpy-1t wall', '× numpy-1t CPU', 'outside GEMM', 'note'],
    rows.map((r) => [
      r.engine,
      String(r.batches),
      median(r.wallS).toFixed(3),
      Math.min(...r.wallS).toFixed(3),
      median(r.cpuS).toFixed(3),
      ratio(r, (x) => x.wallS),
      ratio(r, (x) => x.cpuS),
      r.outsideGemm === undefined ? '—' : `${(100 * r.outsideGemm).toFixed(0)} %`,
      r.note
    ])
  )
}

/** Process memory after each of `epochs` epochs (purity check: tensors are GC'd, nothing leaks). */
export const memoryOverEpochs = (data: Data, epochs: number, threads: 1 | 2): string => {
  Tensor.selectKernels('auto', { threads })
  const next = batcher(data, shuffled(data.n))
  const rows: Array<Array<string>> = []
  trainEpochs(initParams(), next, BATCHES, epochs, (e) => {
    const m = process.memoryUsage()
    rows.push([String(e), (m.rss / 2 ** 20).toFixed(0), (m.heapUsed / 2 ** 20).toFixed(1), (m.arrayBuffers / 2 ** 20).toFixed(1)])
  })
  return table(['epoch', 'rss MiB', 'heap used MiB', 'array buffers MiB'], rows)
}
