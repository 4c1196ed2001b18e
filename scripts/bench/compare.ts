/**
 * The TensorFlow.js side of the epoch comparison, loaded on demand: it lives in bench/compare/,
 * a package of its own with its own lock file, so kanzen's `npm install` stays free of it. On the
 * first `npm run bench -- --compare` this runs `npm ci` there (from the local npm cache when it
 * holds the packages); if that fails, the one line says how to install it by hand.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { repoRoot } from '../lib/data-files.js'
import type { Data } from './mlp.js'

/** What bench/compare/tfjs.ts exports (written out here so that tsc never needs TensorFlow.js). */
export interface TfCompare {
  readonly useTfBackend: (name: 'cpu' | 'wasm') => Promise<void>
  readonly tfTrainer: (data: Data, order: Int32Array, lr?: number) => { run: (batches: number) => void; dispose: () => void }
}

export const compareDir = join(repoRoot, 'bench', 'compare')

const installed = (): boolean => existsSync(join(compareDir, 'node_modules', '@tensorflow', 'tfjs', 'package.json'))

/** TensorFlow.js for the comparison, installing bench/compare first if needed (progress on stderr). */
export const loadTfCompare = async (): Promise<E.Either<string, TfCompare>> => {
  if (!installed()) {
    process.stderr.write(`installing TensorFlow.js for the comparison into ${compareDir} (npm ci, once)\n`)
    try {
      execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: compareDir, stdio: ['ignore', 'inherit', 'inherit'] })
    } catch (e) {
      return E.left(`could not install bench/compare (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); install it by hand with: npm ci --prefix bench/compare`)
    }
  }
  // A computed specifier: tsc does not follow it, so type-checking kanzen never needs TensorFlow.js.
  const module: unknown = await import(pathToFileURL(join(compareDir, 'tfjs.ts')).href)
  return E.right(module as TfCompare)
}
