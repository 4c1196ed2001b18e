/**
 * Epoch time of the 784-100-10 MLP (SGD, batch 100, 60,000 samples) on kanzen's backends and on
 * TensorFlow.js, in the same process. Each engine: one warm-up pass, then `epochs` timed passes (kanzen's
 * thread counts alternate pass by pass);
 * the median is reported. Slow engines may run only `batches` < 600 batches per pass, and their
 * epoch time is then scaled by 600 / batches (the table says so in its "batches" column).
 * Wall time and process CPU time are both given: on a shared machine CPU time is the steadier one
 * for a single thread (with two threads it counts both cores).
 */
import { Tensor } from '../../src/index.js'
import { accuracy, batcher, initParams, shuffled, trainBatches, trainEpochs } from './mlp.js'
import type { Data, Params } from './mlp.js'
import type { TfCompare } from './compare.js'
import { median, table } from './timing.js'

export interface EpochRow {
  readonly engine: string
  readonly batches: number
  readonly wallS: ReadonlyArray<number>
  readonly cpuS: ReadonlyArray<number>
  readonly note: string
}

const BATCHES = 600

const timeEpochs = (pass: () => void, epochs: number, batches: number, warmUp = true): Pick<EpochRow, 'wallS' | 'cpuS'> => {
  if (warmUp) pass()
  const wallS: Array<number> = []
  const cpuS: Array<number> = []
  for (let e = 0; e < epochs; e++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    pass()
    const c = process.cpuUsage(c0)
    const scale = BATCHES / batches
    wallS.push(((performance.now() - t0) / 1000) * scale)
    cpuS.push(((c.user + c.system) / 1e6) * scale)
  }
  return { wallS, cpuS }
}

/**
 * kanzen with the given backend choice, for each thread count. With several thread counts the
 * timed passes alternate (1, 2, 1, 2, …) so that a load change on the machine hits both alike.
 */
export const kanzenEpochs = (data: Data, choice: Tensor.KernelChoice, threads: ReadonlyArray<1 | 2>, epochs: number, batches = BATCHES): ReadonlyArray<EpochRow> => {
  const next = batcher(data, shuffled(data.n))
  let p: Params = initParams()
  const passes = threads.map((t) => () => {
    Tensor.selectKernels(choice, { threads: t })
    p = trainBatches(p, next, batches)
  })
  passes.forEach((pass) => pass()) // warm-up
  const timed = passes.map(() => ({ wallS: [] as Array<number>, cpuS: [] as Array<number> }))
  for (let e = 0; e < epochs; e++) {
    passes.forEach((pass, i) => {
      const t = timeEpochs(pass, 1, batches, false)
      timed[i]!.wallS.push(...t.wallS)
      timed[i]!.cpuS.push(...t.cpuS)
    })
  }
  const acc = batches === BATCHES ? `, accuracy on the first 10,000 training images afterwards ${(100 * accuracy(p, data)).toFixed(1)} %` : ''
  return threads.map((t, i) => {
    const status = Tensor.selectKernels(choice, { threads: t })
    const fallback = status.fallbackReason === undefined ? '' : ` (fallback: ${status.fallbackReason})`
    return { engine: `kanzen ${status.active}`, batches, ...timed[i]!, note: `${t} thread${t === 2 ? 's' : ''}${fallback}${acc}` }
  })
}

/** TensorFlow.js (loaded by `loadTfCompare`) with one of its backends. */
export const tfjsEpochs = async (tf: TfCompare, data: Data, backend: 'cpu' | 'wasm', epochs: number, batches: number): Promise<EpochRow> => {
  await tf.useTfBackend(backend)
  const trainer = tf.tfTrainer(data, shuffled(data.n))
  const t = timeEpochs(() => trainer.run(batches), epochs, batches)
  trainer.dispose()
  return { engine: `TensorFlow.js ${backend}`, batches, ...t, note: backend === 'wasm' ? 'SIMD, single-threaded in Node' : 'pure JavaScript' }
}

export const renderEpochs = (rows: ReadonlyArray<EpochRow>): string =>
  table(
    ['engine', 'batches/pass', 'epoch s (median)', 'min s', 'CPU s (median)', 'note'],
    rows.map((r) => [r.engine, String(r.batches), median(r.wallS).toFixed(2), Math.min(...r.wallS).toFixed(2), median(r.cpuS).toFixed(2), r.note])
  )

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
