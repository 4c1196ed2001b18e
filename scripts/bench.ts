/**
 * `npm run bench`: speed, measured — never asserted in a unit test. Every number is a median of
 * repeated runs after a warm-up, and every ratio is against a baseline run in the same process.
 *
 * Options:
 *   --only gemm|epoch|memory|all   which section (default all = gemm and epoch)
 *   --runs N           matrix-product runs per backend and shape (default 7, at least 5)
 *   --epochs N         timed epochs per engine after one warm-up (default 3)
 *   --threads 1|2|both kanzen WebAssembly thread counts in the epoch section (default both)
 *   --slow-batches N   batches per pass for slow engines (reference-free JS kernel, tfjs cpu; default 60)
 *   --tfjs-batches N   batches per pass for TensorFlow.js wasm (default 600, a full epoch)
 *   --no-tfjs          skip TensorFlow.js
 *   --data DIR         MNIST directory (default ../shared/data/mnist; synthetic data if absent)
 * KANZEN_KERNELS=native|wasm|js|reference restricts the epoch section to that kanzen backend.
 */
import { parseArgs } from 'node:util'
import { cpus } from 'node:os'
import { Tensor } from '../src/index.js'
import { benchGemm, copyCost, renderGemm } from './bench/matmul.js'
import { kanzenEpochs, memoryOverEpochs, renderEpochs, tfjsEpochs } from './bench/epoch.js'
import type { EpochRow } from './bench/epoch.js'
import { loadData } from './bench/mlp.js'
import { kernelsFromEnv } from './lib/kernels.js'

const fail = (message: string): never => {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(2)
}

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'all' },
    runs: { type: 'string', default: '7' },
    epochs: { type: 'string', default: '3' },
    threads: { type: 'string', default: 'both' },
    'slow-batches': { type: 'string', default: '60' },
    'tfjs-batches': { type: 'string', default: '600' },
    'no-tfjs': { type: 'boolean', default: false },
    data: { type: 'string', default: '../shared/data/mnist' }
  }
})
const count = (name: string, text: string, min: number): number => {
  const n = Number(text)
  return Number.isInteger(n) && n >= min ? n : fail(`--${name} must be an integer ≥ ${min}, got ${text}`)
}
const only = ['gemm', 'epoch', 'memory', 'all'].includes(values.only) ? values.only : fail(`--only must be gemm, epoch, memory or all, got ${values.only}`)
const runs = count('runs', values.runs, 5)
const epochs = count('epochs', values.epochs, 1)
const slow = count('slow-batches', values['slow-batches'], 1)
const tfBatches = count('tfjs-batches', values['tfjs-batches'], 1)
const threads: ReadonlyArray<1 | 2> = values.threads === 'both' ? [1, 2] : values.threads === '1' ? [1] : values.threads === '2' ? [2] : fail(`--threads must be 1, 2 or both, got ${values.threads}`)
const envChoice = kernelsFromEnv()

console.log(`kanzen bench — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`)
const status = Tensor.selectKernels('auto')
console.log(`kernels by capability: ${status.active}${status.fallbackReason === undefined ? '' : ` — fallback: ${status.fallbackReason}`}\n`)

if (only === 'gemm' || only === 'all') {
  const load = (t: 1 | 2): Tensor.Kernels => {
    const k = Tensor.loadWasmKernels({ threads: t })
    return k._tag === 'Right' ? k.right : fail(`WebAssembly kernels did not load: ${k.left}`)
  }
  console.log(`matrix products, float32, median of ${runs} runs after 2 warm-ups; × reference = against the naive i-j-k triple loop`)
  const native = ([1, 2] as const).flatMap((t) => {
    const k = Tensor.loadNativeKernels({ threads: t })
    if (k._tag === 'Left' && t === 1) console.log(`native kernels not measured: ${k.left}`)
    return k._tag === 'Right' ? [k.right] : []
  })
  console.log(renderGemm(benchGemm([Tensor.referenceKernels, Tensor.blockedKernels, load(1), load(2), ...native], undefined, runs)))
  console.log(copyCost(load(1), runs) + '\n')
}

if (only === 'epoch' || only === 'all') {
  const data = loadData(values.data)
  console.log(`784-100-10 MLP, SGD, batch 100, ${data.n} samples (${data.source}); ${epochs} timed passes after 1 warm-up`)
  const rows: Array<EpochRow> = []
  const show = (r: EpochRow): void => {
    rows.push(r)
    process.stderr.write(`  ${r.engine} ${r.note.split(',')[0]}: done\n`)
  }
  const choices: ReadonlyArray<Tensor.KernelChoice> = envChoice === undefined ? ['native', 'wasm', 'js'] : [envChoice]
  for (const choice of choices) {
    const fast = choice === 'wasm' || choice === 'native' || choice === 'auto'
    for (const row of kanzenEpochs(data, choice, fast ? threads : [1], epochs, fast ? 600 : slow)) show(row)
  }
  if (!values['no-tfjs']) {
    show(await tfjsEpochs(data, 'wasm', epochs, tfBatches))
    show(await tfjsEpochs(data, 'cpu', epochs, slow))
  }
  console.log(renderEpochs(rows) + '\n')
}

if (only === 'memory') {
  const data = loadData(values.data)
  console.log(`process memory over 10 epochs, kanzen ${Tensor.selectKernels('auto', { threads: threads[threads.length - 1]! }).active}`)
  console.log(memoryOverEpochs(data, 10, threads[threads.length - 1]!))
}
