/**
 * The TSDoc `@example`s of the modules added for kanzen as a dependency (fit, summary, predict,
 * rebuild, self-describing checkpoints, kanzen/node) run and their assertions hold. As in
 * spec/data/examples.spec.ts, each example is compiled by esbuild and run with the package's
 * namespaces (from src/) in place of its `import` lines.
 */
import assert from 'node:assert'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { transformSync } from 'esbuild'
import * as E from 'fp-ts/lib/Either.js'
import { describe, it } from 'vitest'
import { Data, Layer, Loss, Optim, Random, Tensor, Train } from '../src/index.js'
import * as KanzenNode from '../src/node/index.js'

const files = [
  'train/fit.ts',
  'train/checkpoint/self-describing.ts',
  'layers/summary.ts',
  'layers/predict.ts',
  'layers/rebuild.ts',
  'layers/spec.ts',
  'node/index.ts'
]
const examples = files.flatMap((file) =>
  [...readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8').matchAll(/@example\n((?: \*(?! @).*\n)+)/g)].map((m, i) => ({
    name: `${file} #${i + 1}`,
    code: m[1]!
      .split('\n')
      .map((l) => l.replace(/^ \* ?/, ''))
      .filter((l) => !l.startsWith('import '))
      .join('\n')
  }))
)

describe('examples of the package-facing modules', () => {
  it('should find them', () => {
    assert.ok(examples.length >= 10)
  })
  it.each(examples)('should run $name', ({ code }) => {
    const js = transformSync(code, { loader: 'ts' }).code
    const names = ['assert', 'E', 'Data', 'Layer', 'Loss', 'Optim', 'Random', 'Tensor', 'Train', 'gzipSync', 'gunzip', 'decodeIdx']
    new Function(...names, js)(assert, E, Data, Layer, Loss, Optim, Random, Tensor, Train, gzipSync, KanzenNode.gunzip, KanzenNode.decodeIdx)
  })
})
