/**
 * `npm run bench`: speed, measured — never asserted in a unit test. Every number is a median of
 * repeated runs after a warm-up, and every ratio is against a baseline run in the same process.
 *
 * Options:
 *   --only gemm|epoch|memory|conv|all   which section (default all = gemm, epoch and conv)
 *   --runs N           matrix-product runs per backend and shape (default 7, at least 5); each run repeats the
 *                      product for ≥ 20 ms. Beside them: the WebAssembly peak probe (scripts/bench/peak.wat) and
 *                      numpy on one OpenBLAS thread (scripts/bench/numpy-gemm.py; skipped with a message when
 *                      python3 or numpy is missing)
 *   --epochs N         timed epochs per engine after one warm-up (default 3)
 *   --threads 1|2|both kanzen WebAssembly thread counts in the epoch section (default both)
 *   --slow-batches N   batches per pass for slow engines (reference-free JS kernel, tfjs cpu; default 60)
 *   --tfjs-batches N   batches per pass for TensorFlow.js wasm (default 600, a full epoch)
 *   --compare          also time TensorFlow.js (bench/compare, a package of its own, installed on first use)
 *   --data DIR         MNIST directory (default ../shared/data/mnist; synthetic data if absent)
 *   --mlp NAME         784-100-10, 784-512-256-10 or both (default): the epoch section's networks, each beside
 *                      numpy on one OpenBLAS thread (scripts/bench/numpy-mlp.py; skipped with a message when
 *                      python3 or numpy is missing), with kanzen/numpy ratios and the share outside the GEMMs.
 *                      numpy runs one epoch before each round of kanzen's timed passes, and each ratio is the
 *                      median of the rounds' ratios: a shared host's drift then moves both sides alike
 * KANZEN_KERNELS=native|wasm|js|reference restricts the epoch section to that kanzen backend.
 */
import { cpus } from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { Tensor } from '../src/index.js'
import { benchGemm, mlpShapes, numpyGemm, renderGemm, renderPeak, wasmBreakdown } from './bench/matmul.js'
import { loadPeakProbes } from './bench/peak.js'
import { describeBaseline } from './bench/baseline-env.js'
import { kanzenEpochs, memoryOverEpochs, numpyRow, renderEpochs, startNumpy, tfjsEpochs } from './bench/epoch.js'
import { benchConv, cnnEpochTable } from './bench/conv.js'
import type { EpochRow, NumpyEpoch } from './bench/epoch.js'
import { loadData, mlps } from './bench/mlp.js'
import { loadTfCompare } from './bench/compare.js'
import { kernelsFromEnv } from './lib/kernels.js'
import { choiceOption, fail, intOption, runMain } from './lib/cli.js'
import type { Values } from './lib/cli.js'

const script = 'bench'
const options = {
  only: { type: 'string', default: 'all', value: 'gemm|epoch|memory|conv|all', help: 'which section (all = gemm, epoch and conv)' },
  runs: { type: 'string', default: '7', value: 'N', help: 'matrix-product runs per backend and shape (at least 5)' },
  epochs: { type: 'string', default: '3', value: 'N', help: 'timed epochs per engine after one warm-up' },
  threads: { type: 'string', default: 'both', value: '1|2|both', help: 'kanzen WebAssembly thread counts in the epoch section' },
  'slow-batches': { type: 'string', default: '60', value: 'N', help: 'batches per pass for slow engines (reference-free JS kernel, tfjs cpu)' },
  'tfjs-batches': { type: 'string', default: '600', value: 'N', help: 'batches per pass for TensorFlow.js wasm (600 = a full epoch)' },
  compare: { type: 'boolean', help: 'also time TensorFlow.js beside kanzen (installs bench/compare on first use)' },
  data: { type: 'string', default: '../shared/data/mnist', value: 'DIR', help: 'MNIST directory (synthetic data if absent)' },
  mlp: { type: 'string', default: 'both', value: '784-100-10|784-512-256-10|both', help: 'which MLP the epoch section trains (numpy beside it when python3 has numpy)' }
} as const

const validate = (values: Values<typeof options>) => {
  const threads = choiceOption(script, 'threads', values.threads, ['1', '2', 'both'] as const)
  return {
    only: choiceOption(script, 'only', values.only, ['gemm', 'epoch', 'memory', 'conv', 'all'] as const),
    runs: intOption(script, 'runs', values.runs, 5),
    epochs: intOption(script, 'epochs', values.epochs, 1),
    slow: intOption(script, 'slow-batches', values['slow-batches'], 1),
    tfBatches: intOption(script, 'tfjs-batches', values['tfjs-batches'], 1),
    threads: (threads === 'both' ? [1, 2] : threads === '1' ? [1] : [2]) satisfies ReadonlyArray<1 | 2>,
    compare: values.compare,
    data: values.data ?? '../shared/data/mnist',
    mlpChoice: choiceOption(script, 'mlp', values.mlp, ['784-100-10', '784-512-256-10', 'both'] as const),
    envChoice: kernelsFromEnv()
  }
}

const run = async ({ only, runs, epochs, slow, tfBatches, threads, compare, data: dataDir, mlpChoice, envChoice }: ReturnType<typeof validate>): Promise<void> => {
  console.log(`kanzen bench — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`)
  const status = Tensor.selectKernels('auto')
  console.log(`kernels by capability: ${status.active}${status.fallbackReason === undefined ? '' : ` — fallback: ${status.fallbackReason}`}\n`)

  if (only === 'gemm' || only === 'all') {
    const load = (t: 1 | 2, relaxed: boolean): ReadonlyArray<Tensor.Kernels> => {
      const k = Tensor.loadWasmKernels({ threads: t, relaxed })
      if (E.isLeft(k)) return fail(script, `WebAssembly kernels did not load: ${k.left}`)
      // Without relaxed SIMD in this runtime both loads give the plain build: measure it once.
      return relaxed && !k.right.name.startsWith('wasm-relaxed') ? [] : [Tensor.completeKernels(k.right, Tensor.referenceKernels)]
    }
    const probes = await loadPeakProbes()
    console.log(
      `matrix products, float32; each run repeats the product for ≥ 20 ms (time per product), backends round-robin, median of ${runs} runs; ` +
        '× reference = speed-up over the naive i-j-k triple loop; % wasm peak = of the peak probe of the same build (× threads) run right after each run'
    )
    console.log(renderPeak(probes))
    const native = ([1, 2] as const).flatMap((t) => {
      const k = Tensor.resolveKernels('native', { threads: t })
      if (k.fallbackReason !== undefined && t === 1) console.log(`native kernels not measured: ${k.fallbackReason}`)
      return k.fallbackReason === undefined ? [k.kernels] : []
    })
    const numpy = numpyGemm(mlpShapes, runs)
    if (typeof numpy === 'string') console.log(numpy)
    else console.log(`numpy ${numpy.version}, ${describeBaseline()}, in a child process before the kanzen runs, timed the same way`)
    const numpyMs = typeof numpy === 'string' ? [] : numpy.ms
    const wasm = [...load(1, true), ...load(2, true), ...load(1, false), ...load(2, false)]
    console.log(renderGemm(benchGemm([Tensor.referenceKernels, Tensor.blockedKernels, ...wasm, ...native], probes, mlpShapes, runs, numpyMs), numpyMs))
    console.log(wasmBreakdown(wasm[0]!.name.startsWith('wasm-relaxed')) + '\n')
  }

  if (only === 'epoch' || only === 'all') {
    const data = loadData(dataDir)
    for (const mlp of mlps.filter((m) => mlpChoice === 'both' || m.name === mlpChoice)) {
      const perEpoch = Math.floor(data.n / mlp.batch)
      console.log(`${mlp.name} MLP, SGD ${mlp.lr}, batch ${mlp.batch}, ${data.n} samples (${data.source}); ${epochs} timed passes after 1 warm-up`)
      const rows: Array<EpochRow> = []
      const done = (r: EpochRow): EpochRow => {
        process.stderr.write(`  ${mlp.name} ${r.engine} ${r.note.split(',')[0]}: done\n`)
        return r
      }
      const numpy = await startNumpy(mlp, dataDir)
      if (typeof numpy === 'string') console.log(numpy)
      const numpyRounds: Array<NumpyEpoch> = []
      const kanzenRows: Array<EpochRow> = []
      const choices: ReadonlyArray<Tensor.KernelChoice> = envChoice === undefined ? ['native', 'wasm', 'js'] : [envChoice]
      try {
        for (const choice of choices) {
          const fast = choice === 'native' || choice === 'wasm' || choice === 'auto'
          const r = await kanzenEpochs(data, choice, fast ? threads : [1], epochs, fast ? perEpoch : slow, mlp, typeof numpy === 'string' ? undefined : numpy)
          numpyRounds.push(...r.numpy)
          kanzenRows.push(...r.rows)
          r.rows.forEach(done)
        }
      } finally {
        if (typeof numpy !== 'string') numpy.close()
      }
      if (numpyRounds.length > 0) rows.push(numpyRow(mlp, numpyRounds))
      rows.push(...kanzenRows)
      if (compare && mlp.name === '784-100-10') {
        const tf = await loadTfCompare()
        if (E.isLeft(tf)) return fail(script, tf.left)
        rows.push(done(await tfjsEpochs(tf.right, data, 'wasm', epochs, tfBatches)))
        rows.push(done(await tfjsEpochs(tf.right, data, 'cpu', epochs, slow)))
      }
      console.log(renderEpochs(rows) + '\n')
    }
    if (!compare) console.log('(TensorFlow.js beside it: npm run bench -- --compare)\n')
  }

  if (only === 'conv' || only === 'all') {
    for (const t of threads) {
      console.log(`convolutions of the issue's CNN, float32, batch 128, ${Tensor.selectKernels('auto', { threads: t }).active} on ${t} thread(s); median of ${runs} runs (reference: plain loops, fewer runs)`)
      console.log(benchConv(runs) + '\n')
    }
    console.log(cnnEpochTable(threads) + '\n')
  }

  if (only === 'memory') {
    const data = loadData(dataDir)
    console.log(`process memory over 10 epochs, kanzen ${Tensor.selectKernels('auto', { threads: threads[threads.length - 1]! }).active}`)
    console.log(memoryOverEpochs(data, 10, threads[threads.length - 1]!))
  }
}

runMain({ name: script, summary: 'Speed, measured: matrix products and training epochs, medians with ratios against a baseline in the same run.', options, validate, run })
