/**
 * `npm run bench`: speed, measured — never asserted in a unit test. Every number is a median of
 * repeated runs after a warm-up, and every ratio is against a baseline run in the same process.
 *
 * Options: --runs N (default 7, at least 5).
 */
import { parseArgs } from 'node:util'
import { cpus } from 'node:os'
import { Tensor } from '../src/index.js'
import { benchGemm, renderGemm } from './bench/matmul.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } })
const runs = Math.max(5, Number(values.runs))

console.log(`kanzen bench — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`)
console.log(`matrix products, float32, median of ${runs} runs after 2 warm-ups; reference = the naive i-j-k triple loop\n`)
console.log(renderGemm(benchGemm([Tensor.referenceKernels, Tensor.blockedKernels], undefined, runs)))
