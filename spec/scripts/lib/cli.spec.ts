/**
 * The one script skeleton (scripts/lib/cli.ts): every script answers --help with exit 0, an
 * unknown option or a bad value is one line on stderr with exit 2, and --out is checked before
 * any data is read or any training starts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { oneLine, quote } from '../../../scripts/lib/cli.js'
import { isCleanFailure, runScript } from '../../support/run-script.js'

const scripts = ['mnist', 'titanic', 'regression', 'predict', 'hand-calc', 'bench', 'download-mnist', 'bench/memory'] as const

describe('cli', () => {
  describe('oneLine', () => {
    it('should show newlines and control characters as escapes, and cut long text', () => {
      expect(oneLine('a\nb\r\nc\u0007')).toBe('a; b; c\\u0007')
      expect(oneLine('x'.repeat(1000))).toHaveLength(500)
      expect(oneLine('x'.repeat(1000)).endsWith('…')).toBe(true)
    })
  })
  describe('quote', () => {
    it('should JSON-quote outside text and cut it', () => {
      expect(quote('a"b\n')).toBe('"a\\"b\\n"')
      expect(quote('y'.repeat(200), 10)).toBe(`"${'y'.repeat(10)}…"`)
    })
  })

  describe.each(scripts)('%s (script)', (script) => {
    it('should answer --help with the usage and exit 0', () => {
      const r = runScript(script, ['--help'])
      expect(r.status, r.stderr).toBe(0)
      expect(r.stdout).toMatch(/^usage: npm run \S+ -- \[options\]/)
      expect(r.stdout).toContain('--help')
    })
    it('should refuse an unknown option with one line and exit 2', () => {
      const r = runScript(script, ['--no-such-option'])
      expect(isCleanFailure(r), r.stderr).toBe(true)
      expect(r.stderr).toMatch(/Unknown option '--no-such-option' \(see --help\)/)
    })
  })

  describe.each(['mnist', 'titanic', 'regression'] as const)('%s --out (script)', (script) => {
    const dir = mkdtempSync(join(tmpdir(), 'kanzen-out-'))
    const file = join(dir, 'a-file')
    writeFileSync(file, 'not a folder')
    it.each([
      ['a file', file, `${script}: --out ${JSON.stringify(file)} is a file; name a folder`],
      ['an empty string', '', `${script}: --out must name a folder, got an empty string`],
      ['a folder that cannot be written', '/proc/kanzen-out', `${script}: --out "/proc/kanzen-out": cannot create files in "/proc"`],
      ['a folder of other files', dir, `${script}: --out ${JSON.stringify(dir)} holds files this run did not write ("a-file"); it would replace the whole folder, so choose a new or empty one`]
    ])('should refuse %s before reading any data', (_what, out, line) => {
      const r = runScript(script, ['--out', out, '--data', '/nonexistent-kanzen'])
      expect(isCleanFailure(r), r.stderr).toBe(true)
      expect(r.stderr.trim()).toBe(line)
      expect(r.stdout).toBe('')
    })
  })
})
