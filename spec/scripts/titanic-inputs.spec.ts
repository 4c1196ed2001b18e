/**
 * `npm run titanic` on inputs the project writes itself from the fixture rows (issue 16): a
 * 146,000-row training file runs in time linear in its rows and shows progress while it trains,
 * and a cell of `1e999` (which reads as Infinity) is a data error naming the file, line and column.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCleanFailure, runScript } from '../support/run-script.js'

const fixtures = join('spec', 'fixtures', 'titanic')
const [header, ...rows] = readFileSync(join(fixtures, 'train.csv'), 'utf8').trim().split(/\r?\n/)

// A folder with train.csv made of `n` fixture rows (ids renumbered) and the fixture test.csv.
const folder = (n: number, edit: (row: string, i: number) => string = (r) => r): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kanzen-titanic-in-'))
  const body = Array.from({ length: n }, (_, i) => {
    const r = rows[i % rows.length]!
    return edit(`${i + 1}${r.slice(r.indexOf(','))}`, i)
  })
  writeFileSync(join(dir, 'train.csv'), [header, ...body].join('\n') + '\n')
  copyFileSync(join(fixtures, 'test.csv'), join(dir, 'test.csv'))
  return dir
}

describe('titanic (script) on generated inputs', () => {
  it('should train on 146,000 rows and show progress while it does', () => {
    const dir = folder(146_000)
    const started = performance.now()
    const r = runScript('titanic', ['--data', dir, '--out', join(dir, 'out'), '--epochs', '1', '--folds', '2'], { KANZEN_QUIET_SECONDS: '0' })
    const seconds = (performance.now() - started) / 1000
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^data: 146000 training passengers/)
    expect(r.stderr.match(/^epoch 1\/1 {2}last batch loss \d/gm)).toHaveLength(3) // two folds and the final fit
    console.log(`titanic, 146,000 rows, 1 epoch, 2 folds: ${seconds.toFixed(1)} s`)
  }, 240_000)

  it('should refuse a cell of 1e999 as a data error naming file, line and column', () => {
    const dir = folder(20, (r, i) => (i === 3 ? r.replace(/,(male|female),[^,]*,/, ',$1,1e999,') : r))
    const r = runScript('titanic', ['--data', dir, '--out', join(dir, 'out')])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr.trim()).toBe(`titanic: ${dir}/train.csv:5 Age: expected a number or empty, got "1e999"`)
  })
})
