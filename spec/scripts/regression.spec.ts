/** Smoke spec of `npm run regression` (the Auto MPG data from the vega-datasets package). */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCleanFailure, runScript } from '../support/run-script.js'

describe('regression (script)', () => {
  const out = mkdtempSync(join(tmpdir(), 'kanzen-regression-'))

  it('should fit the MLP and the least-squares baseline and write metrics and a scatter plot', () => {
    const r = runScript('regression', ['--out', out, '--epochs', '60'])
    expect(r.status, r.stderr).toBe(0)
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))
    for (const model of ['mlp', 'linear']) {
      expect(m[model].rmse).toBeGreaterThan(0)
      expect(m[model].mae).toBeGreaterThan(0)
      expect(m[model].rmse).toBeLessThan(8) // the target's standard deviation is about 7.8 MPG
    }
    expect(m.testRows + m.trainRows).toBe(392)
    expect(existsSync(join(out, 'predicted-vs-true.svg'))).toBe(true)
  })

  it('should run on a user\'s own CSV with --target and --features', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kanzen-own-')), 'own.csv')
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 5},${2 * i - ((i * 7) % 5) + 1}`)
    writeFileSync(file, ['a,b,y', ...rows].join('\n') + '\n')
    const r = runScript('regression', ['--data', file, '--target', 'y', '--features', 'a,b', '--out', out, '--epochs', '20'])
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).linear.rmse).toBeLessThan(1e-6)
  })

  it('should say where a record is bad', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kanzen-bad-')), 'bad.json')
    writeFileSync(file, JSON.stringify([{ Name: 'x', Miles_per_Gallon: 18, Cylinders: 8, Displacement: 307, Horsepower: '130', Weight_in_lbs: 3504, Acceleration: 12, Year: '1970-01-01', Origin: 'USA' }]))
    const r = runScript('regression', ['--data', file, '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toContain('Horsepower: expected a number or null, got "130"')
  })
})
