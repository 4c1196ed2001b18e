/**
 * Rules of the source tree that the compiler cannot check (STYLE.md): nothing ambient in src/
 * (no Math.random, clocks, environment or printing), no `any`, and module families depend
 * downward only: tensor ← tree ← random ← layers/losses ← optim ← train, and data on tensor only
 * (tree, the parameter-tree walk, sits on the ground floor beside random: both need only tensor).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const files = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })

const src = files('src').map((path) => ({ path, text: readFileSync(path, 'utf8') }))
// Strip comments so that documentation may mention what code may not do.
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')

// Which families each family may import (besides itself).
const allowed: Record<string, ReadonlyArray<string>> = {
  tensor: [],
  tree: ['tensor'],
  random: ['tensor'],
  layers: ['tensor', 'tree', 'random'],
  losses: ['tensor', 'tree', 'random'],
  optim: ['tensor', 'tree', 'random', 'layers', 'losses'],
  train: ['tensor', 'tree', 'random', 'layers', 'losses', 'optim'],
  data: ['tensor', 'random'],
  // kanzen/node sits above everything and imports the package entry, as a user would.
  node: ['index.js']
}

describe('source hygiene', () => {
  it('should find the source tree', () => {
    expect(src.length).toBeGreaterThan(5)
  })
  it.each(['Math.random', 'Date.now', 'process.env', 'console.'])('should never use %s in src/', (word) => {
    expect(src.filter((f) => code(f.text).includes(word)).map((f) => f.path)).toEqual([])
  })
  it('should never use any in src/', () => {
    const anyUse = /(:\s*any\b)|(\bas any\b)|(<any>)/
    expect(src.filter((f) => anyUse.test(code(f.text))).map((f) => f.path)).toEqual([])
  })
  it('should import node: modules only in src/node (the package entry stays browser-safe)', () => {
    const nodeImport = /from 'node:|(?<!typeof )import\('node:/
    expect(src.filter((f) => !f.path.startsWith(join('src', 'node')) && nodeImport.test(code(f.text))).map((f) => f.path)).toEqual([])
  })
  it('should write fp-ts imports that plain Node resolves (fp-ts/lib/X.js), in code, TSDoc examples and the README', () => {
    // `fp-ts/Either` is a directory import: tsc and tsx accept it, compiled code under node fails (ERR_UNSUPPORTED_DIR_IMPORT).
    const dirImport = /from 'fp-ts\/(?!lib\/)[^']*'/
    const docs = [...src, { path: 'README.md', text: readFileSync('README.md', 'utf8') }]
    expect(docs.filter((f) => dirImport.test(f.text)).map((f) => f.path)).toEqual([])
  })
  it('should import across families only downward, and only through index.ts', () => {
    const bad: Array<string> = []
    for (const f of src) {
      const family = relative('src', f.path).split('/')[0]!
      if (!(family in allowed)) continue
      for (const m of f.text.matchAll(/from '(\.\.\/[^']+)'/g)) {
        const target = join(f.path, '..', m[1]!)
        const targetFamily = relative('src', target).split('/')[0]!
        if (targetFamily === family) continue
        if (!(allowed[family] ?? []).includes(targetFamily)) bad.push(`${f.path} imports ${targetFamily}`)
        else if (targetFamily !== 'index.js' && !/\/index\.js$/.test(m[1]!)) bad.push(`${f.path} reaches into ${m[1]} (import ${targetFamily}/index.js)`)
      }
    }
    expect(bad).toEqual([])
  })
  // Issue 11, item 4: casts belong in the tensor core and the tree module. Elsewhere there is no
  // `as unknown as` and no non-null `!` (a type guard, an overload or Tensor.at instead), and each
  // plain `as` says why on its line or the line above (`// cast: <why>`); the `as` counts per
  // folder may only go down (lower a ceiling when you remove one). Counted over code without
  // comments and strings; `as const` and import renames are not casts.
  describe('casts outside the tensor core and the tree module', () => {
    const ceilings: Record<string, number> = { optim: 1, train: 8 }
    // Comments and strings blanked out, line breaks kept, so that line i of the result is line i of the file.
    const blank = (m: string): string => m.replace(/[^\n]/g, '')
    const codeLines = (text: string): ReadonlyArray<string> =>
      text
        .replace(/\/\*[\s\S]*?\*\//g, blank)
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'/g, "''")
        .replace(/`(?:[^`\\]|\\.)*`/g, (m) => `\`${blank(m)}\``)
        .split('\n')
        .map((l) => (/^\s*(import|export)\b.*\bfrom\b/.test(l) ? '' : l))
    const cast = /\bas\s+(?!const\b)[A-Za-z_{[(]/
    const found = src
      .map((f) => ({ ...f, family: relative('src', f.path).split('/')[0]!.replace(/\.ts$/, '') }))
      .filter((f) => f.family !== 'tensor' && f.family !== 'tree')
      .flatMap((f) => {
        const raw = f.text.split('\n')
        return codeLines(f.text).map((line, i) => ({
          family: f.family,
          where: `${f.path}:${i + 1}`,
          line,
          reason: /\/\/ cast: \S/.test(raw[i] ?? '') || /^\s*\/\/ cast: \S/.test(raw[i - 1] ?? '')
        }))
      })
    it('should find the code it counts in', () => {
      expect(found.filter((l) => /\bas\s/.test(l.line)).length).toBeGreaterThan(0)
    })
    it('should have no `as unknown as`', () => {
      expect(found.filter((l) => /\bas unknown as\b/.test(l.line)).map((l) => l.where)).toEqual([])
    })
    it('should have no non-null assertion `!`', () => {
      expect(found.filter((l) => /[\w)\]]!(?=[.[),;\s:}(]|$)/.test(l.line)).map((l) => l.where)).toEqual([])
    })
    it('should give every remaining `as` a reason (`// cast: <why>` on its line or the line above)', () => {
      expect(found.filter((l) => cast.test(l.line) && !l.reason).map((l) => l.where)).toEqual([])
    })
    it('should not add casts: at most the ceiling of `as` per folder', () => {
      const counts: Record<string, number> = {}
      for (const l of found) counts[l.family] = (counts[l.family] ?? 0) + (l.line.match(new RegExp(cast.source, 'g')) ?? []).length
      const over = Object.entries(counts).filter(([family, n]) => n > (ceilings[family] ?? 0))
      expect(over.map(([family, n]) => `src/${family}: ${n} casts (at most ${ceilings[family] ?? 0})`)).toEqual([])
    })
  })
})
