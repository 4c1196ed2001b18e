/**
 * Every `@example` in src/train/interop runs and its assertions hold: the documentation cannot drift
 * from the code. Each example is compiled from TypeScript by esbuild and run with the package's
 * namespaces (imported from src/) in place of its `import` lines.
 */
import assert from 'node:assert'
import { readdirSync, readFileSync } from 'node:fs'
import { transformSync } from 'esbuild'
import * as E from 'fp-ts/lib/Either.js'
import { describe, it } from 'vitest'
import { Layer, Random, Tensor, Train } from '../../../src/index.js'

const dir = new URL('../../../src/train/interop/', import.meta.url)
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .flatMap((file) =>
    [...readFileSync(new URL(file, dir), 'utf8').matchAll(/@example\n((?: \*(?! @).*\n)+)/g)].map((m, i) => ({
      name: `${file} #${i + 1}`,
      code: m[1]!
        .split('\n')
        .map((l) => l.replace(/^ \* ?/, ''))
        .filter((l) => !l.startsWith('import '))
        .join('\n')
    }))
  )

describe('src/train/interop examples', () => {
  it('should find the examples', () => {
    assert.ok(examples.length >= 8)
  })
  it.each(examples)('should run $name', ({ code }) => {
    const js = transformSync(code, { loader: 'ts' }).code
    new Function('assert', 'Layer', 'Tensor', 'Random', 'Train', 'E', js)(assert, Layer, Tensor, Random, Train, E)
  })
})
