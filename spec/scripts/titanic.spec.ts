/** Smoke spec of `npm run titanic` on 100 passengers with 2 folds, and its bad-input paths. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { describeWithSharedData, isCleanFailure, runScript } from '../support/run-script.js'

describeWithSharedData('titanic (script)', (data) => {
  const dir = join(data, 'titanic')
  const out = mkdtempSync(join(tmpdir(), 'kanzen-titanic-'))

  it('should cross-validate on a slice and write a 418-row submission and metrics', () => {
    const r = runScript('titanic', ['--data', dir, '--out', out, '--limit', '100', '--folds', '2', '--epochs', '20'])
    expect(r.status, r.stderr).toBe(0)
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))
    for (const k of ['cvAccuracyMean', 'cvAccuracyStd', 'baselineCvAccuracy']) expect(typeof m[k]).toBe('number')
    expect(m.cvAccuracyMean).toBeGreaterThan(0.6) // chance: about 0.6 for "nobody survived"
    const lines = readFileSync(join(out, 'submission.csv'), 'utf8').trim().split(/\r?\n/)
    expect(lines[0]).toBe('PassengerId,Survived')
    expect(lines).toHaveLength(419)
    expect(lines[1]).toMatch(/^892,[01]$/)
  })

  it('should reject a folder without the files, and Titanic files with a wrong header', () => {
    const missing = runScript('titanic', ['--data', '/nonexistent-kanzen', '--out', out])
    expect(isCleanFailure(missing), missing.stderr).toBe(true)
    const bad = mkdtempSync(join(tmpdir(), 'kanzen-titanic-bad-'))
    writeFileSync(join(bad, 'train.csv'), readFileSync(join(dir, 'train.csv'), 'utf8').replace('PassengerId,Survived', 'Id,Survived'))
    writeFileSync(join(bad, 'test.csv'), readFileSync(join(dir, 'test.csv')))
    const before = existsSync(join(out, 'metrics.json')) ? readFileSync(join(out, 'metrics.json'), 'utf8') : ''
    const r = runScript('titanic', ['--data', bad, '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toMatch(/train\.csv:1 .*PassengerId/)
    expect(existsSync(join(out, 'metrics.json')) ? readFileSync(join(out, 'metrics.json'), 'utf8') : '').toBe(before)
  })
})
