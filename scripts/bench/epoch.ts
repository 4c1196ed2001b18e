/**
 * Epoch time of the 784-100-10 MLP (SGD, batch 100, 60,000 samples) on kanzen's backends and on
 * TensorFlow.js, in the same process, and on numpy in a child process whose epochs alternate with
 * kanzen's (`startNumpy`). Each engine: one warm-up pass, then `epochs` timed passes (kanzen's
 * thread counts alternate pass by pass);
 * the median is reported. Slow engines may run only `batches` < 600 batches per pass, and their
 * epoch time is then scaled by 600 / batches (the table says so in its "batches" column).
 * Wall time and process CPU time are both given: on a shared machine CPU time is the steadier one
 * for a single thread (with two threads it counts both cores).
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
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
  /** numpy's epoch in the same round as each of this row's (when numpy ran alternated with it). */
  readonly baseline?: { readonly wallS: ReadonlyArray<number>; readonly cpuS: ReadonlyArray<number> }
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

/** One numpy epoch's wall and process CPU seconds. */
export interface NumpyEpoch {
  readonly wall: number
  readonly cpu: number
}

/**
 * The same network in numpy (scripts/bench/numpy-mlp.py, one OpenBLAS thread) in a child process
 * that times one epoch whenever asked (`epoch`), so that the bench can alternate numpy's epochs with
 * kanzen's: on a shared host the speed drifts by 10 % and more within a minute, and a baseline timed
 * a minute earlier would move every ratio with it. Between epochs the child is blocked reading its
 * stdin and uses no CPU. Resolves to why it was skipped instead (no python3, no numpy).
 */
export interface NumpyServer {
  readonly epoch: () => Promise<NumpyEpoch>
  readonly close: () => void
}

/** Start the numpy server for `mlp` on the data in `dataDir`; it has run its warm-up epoch when this resolves. */
export const startNumpy = (mlp: Mlp, dataDir: string): Promise<NumpyServer | string> =>
  new Promise((resolve) => {
    const script = fileURLToPath(new URL('./numpy-mlp.py', import.meta.url))
    const child = spawn('python3', [script, mlp.name, String(mlp.batch), String(mlp.lr), 'serve', dataDir], { env: baselineEnv(), stdio: ['pipe', 'pipe', 'pipe'] })
    const waiting: Array<{ readonly ok: (e: NumpyEpoch) => void; readonly fail: (e: Error) => void }> = []
    let stderr = ''
    let ready = false
    const lastError = (): string => stderr.trim().split('\n').pop()?.slice(0, 200) ?? ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000)
    })
    child.on('error', (e) => resolve(`numpy skipped: python3 not found (${e.message})`))
    // A write after the child has gone fails with EPIPE; its exit (below) already fails the waiting epoch.
    child.stdin.on('error', () => undefined)
    child.on('exit', (code) => {
      if (!ready) resolve(`numpy skipped: ${lastError() || `exit ${code ?? 'by signal'}`}`)
      for (const w of waiting.splice(0)) w.fail(new Error(`numpy stopped (exit ${code ?? 'by signal'}): ${lastError()}`))
    })
    createInterface({ input: child.stdout }).on('line', (line) => {
      const out = parsed(line)
      if (out.ready === true) {
        ready = true
        resolve({
          epoch: () => new Promise((ok, fail) => {
            waiting.push({ ok, fail })
            child.stdin.write('epoch\n')
          }),
          close: () => child.stdin.end()
        })
      } else if (out.wall !== undefined && out.cpu !== undefined) waiting.shift()?.ok({ wall: out.wall, cpu: out.cpu })
    })
  })

// A line of the server's output; anything else it might print (a library's warning) is no reply.
const parsed = (line: string): { ready?: true; wall?: number; cpu?: number } => {
  let v: unknown
  try {
    v = JSON.parse(line)
  } catch {
    return {}
  }
  if (typeof v !== 'object' || v === null) return {}
  const r = v as Record<string, unknown> // an object of unknown fields, each checked below
  if (r['ready'] === true) return { ready: true }
  return typeof r['wall'] === 'number' && typeof r['cpu'] === 'number' ? { wall: r['wall'], cpu: r['cpu'] } : {}
}

/** numpy's row, from every epoch it ran alternated with kanzen's. */
export const numpyRow = (mlp: Mlp, epochs: ReadonlyArray<NumpyEpoch>): EpochRow => ({
  engine: 'numpy + OpenBLAS',
  batches: Math.floor(60000 / mlp.batch),
  wallS: epochs.map((e) => e.wall),
  cpuS: epochs.map((e) => e.cpu),
  note: `1 thread (${describeBaseline()}), an epoch before each round of kanzen's`
})

/**
 * kanzen with the given backend choice, for each thread count. The timed passes go in rounds
 * (1, 2, 1, 2, … threads) so that a load change on the machine hits both alike, and `numpy`, when
 * given, runs one epoch before each round: each row then holds that round's numpy epoch beside its
 * own (`baseline`), and its ratio to numpy is the median of the rounds' ratios.
 * The matrix products are timed too (the active kernels' gemm, wrapped), so the row says which
 * share of the epoch is spent outside them.
 */
export const kanzenEpochs = async (
  data: Data,
  choice: Tensor.KernelChoice,
  threads: ReadonlyArray<1 | 2>,
  epochs: number,
  batches = BATCHES,
  mlp: Mlp = mlps[0]!,
  numpy?: NumpyServer
): Promise<{ readonly rows: ReadonlyArray<EpochRow>; readonly numpy: ReadonlyArray<NumpyEpoch> }> => {
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
  const rounds: Array<NumpyEpoch> = []
  for (let e = 0; e < epochs; e++) {
    if (numpy !== undefined) rounds.push(await numpy.epoch())
    passes.forEach((pass, i) => {
      gemmMs = 0
      const t = timeEpochs(pass, 1, n, false, perEpoch)
      timed[i]!.wallS.push(...t.wallS)
      timed[i]!.cpuS.push(...t.cpuS)
      timed[i]!.gemmS.push((gemmMs / 1000) * (perEpoch / n))
    })
  }
  const acc = n === perEpoch ? `, accuracy on the first 10,000 training images afterwards ${(100 * trainer.accuracy()).toFixed(1)} %` : ''
  const baseline = rounds.length === 0 ? {} : { baseline: { wallS: rounds.map((r) => r.wall), cpuS: rounds.map((r) => r.cpu) } }
  const rows = threads.map((t, i) => {
    const status = Tensor.selectKernels(choice, { threads: t })
    const fallback = status.fallbackReason === undefined ? '' : ` (fallback: ${status.fallbackReason})`
    const { wallS, cpuS, gemmS } = timed[i]!
    const outside = 1 - median(gemmS.map((g, j) => g / wallS[j]!))
    return { engine: `kanzen ${status.active}`, batches: n, wallS, cpuS, ...baseline, outsideGemm: outside, note: `${t} thread${t === 2 ? 's' : ''}${fallback}${acc}` }
  })
  return { rows, numpy: rounds }
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
 * thread, measured in this run: the median over rounds of (this row's epoch / numpy's epoch of the
 * same round) where numpy ran alternated with the row, else the ratio of the two medians.
 */
export const renderEpochs = (rows: ReadonlyArray<EpochRow>): string => {
  const numpy = rows.find((r) => r.engine.startsWith('numpy'))
  const ratio = (r: EpochRow, f: (r: Pick<EpochRow, 'wallS' | 'cpuS'>) => ReadonlyArray<number>): string => {
    if (r.baseline !== undefined) {
      const base = f(r.baseline)
      return `${median(f(r).map((x, i) => x / base[i]!)).toFixed(2)}×`
    }
    return numpy === undefined ? '—' : `${(median(f(r)) / median(f(numpy))).toFixed(2)}×`
  }
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
