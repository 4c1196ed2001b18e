/**
 * Every `@example` in src/ runs and its assertions hold: the documentation cannot drift from the
 * code (src/data's examples run in spec/data/examples.spec.ts, the same way). Each example is
 * compiled from TypeScript by esbuild and run with its `import` lines bound to the package's
 * modules from src/ ('kanzen', 'kanzen/node') and to the few outside modules examples use.
 * Both forms are found: a block (`@example` on a line of its own, then the code) and a one-line
 * `@example assert…` inside a short comment.
 */
import assert from 'node:assert'
import * as zlib from 'node:zlib'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { transformSync } from 'esbuild'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import * as F from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as kanzen from '../src/index.js'
import * as kanzenNode from '../src/node/index.js'

const modules: Readonly<Record<string, unknown>> = {
  kanzen,
  'kanzen/node': kanzenNode,
  'fp-ts/lib/Either.js': E,
  'fp-ts/lib/Option.js': O,
  'fp-ts/lib/function.js': F,
  'node:zlib': zlib
}

const files = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })

const blockExamples = (text: string): Array<string> =>
  [...text.matchAll(/@example\n((?: \*(?! @).*\n)+)/g)].map((m) => (m[1] ?? '').split('\n').map((l) => l.replace(/^ \* ?/, '')).join('\n'))

const inlineExamples = (text: string): Array<string> =>
  [...text.matchAll(/@example (\S.*?)(?= @[a-z]+\b| ?\*\/)/g)].map((m) => m[1] ?? '')

// `import { A, B } from 'm'` → `const { A, B } = modules['m']`; `import * as X from 'm'` → `const X = modules['m']`.
const bindImports = (code: string, where: string): string =>
  code.replace(/^import (.+) from '([^']+)'$/gm, (_line, what: string, from: string) => {
    if (!(from in modules)) throw new Error(`${where}: the example imports ${from}, which the harness does not provide`)
    const binding = what.startsWith('* as ') ? what.slice(5) : what.replace(/ as /g, ': ')
    return `const ${binding} = __modules[${JSON.stringify(from)}]`
  })

const examples = files('src')
  .filter((p) => !p.startsWith(join('src', 'data')))
  .flatMap((path) => {
    const text = readFileSync(path, 'utf8')
    return [...blockExamples(text), ...inlineExamples(text)].map((code, i) => ({ name: `${relative('src', path)} #${i + 1}`, code }))
  })

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: Array<string>) => (
  ...args: Array<unknown>
) => Promise<void>

describe('src/ examples', () => {
  it('should find the examples', () => {
    expect(examples.length).toBeGreaterThan(150)
  })
  it('should have no placeholder examples (assert.ok(typeof … === \'function\'))', () => {
    expect(examples.filter((e) => /typeof [\w.]+ === 'function'/.test(e.code)).map((e) => e.name)).toEqual([])
  })
  it.each(examples)('should run $name', async ({ name, code }) => {
    // A one-line example imports nothing: it sees the package's namespaces.
    const bound = /^import /m.test(code) ? bindImports(code, name) : `const { ${Object.keys(kanzen).join(', ')} } = __modules.kanzen\n${code}`
    const js = transformSync(bound, { loader: 'ts' }).code
    await new AsyncFunction('assert', '__modules', js)(assert, modules)
  })
})
