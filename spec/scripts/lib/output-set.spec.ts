/**
 * A run's outputs as one set (scripts/lib/output-set.ts): the new set replaces the old whole, a
 * failed fill leaves the old one, `--out` is checked before any work, and what killed runs left
 * behind is tidied (or, for an old set moved aside by a kill between the two renames, put back).
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Failure } from '../../../scripts/lib/cli.js'
import * as _ from '../../../scripts/lib/output-set.js'

let dir = ''
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kanzen-set-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const write = (folder: string, files: Record<string, string>): E.Either<string, void> => {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text)
  return E.right(undefined)
}
const contents = (folder: string): Record<string, string> =>
  Object.fromEntries(fs.readdirSync(folder).filter((f) => f !== _.markerFile).sort().map((f) => [f, fs.readFileSync(path.join(folder, f), 'utf8')]))
const failure = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (e instanceof Failure) return e.line
    throw e
  }
  return 'no failure'
}
// The id of a process that has exited.
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 999999

describe('output-set', () => {
  describe('writeOutputSet', () => {
    it('should replace the old set whole: new files in, files of the old set gone, nothing left beside', () => {
      const out = path.join(dir, 'run')
      expect(_.writeOutputSet(out, (d) => write(d, { 'a.json': 'old', 'old-only.svg': 'x' }))).toEqual(E.right(undefined))
      expect(_.writeOutputSet(out, (d) => write(d, { 'a.json': 'new', 'b.svg': 'y' }))).toEqual(E.right(undefined))
      expect(contents(out)).toEqual({ 'a.json': 'new', 'b.svg': 'y' })
      expect(fs.readdirSync(dir)).toEqual(['run'])
      expect(JSON.parse(fs.readFileSync(path.join(out, _.markerFile), 'utf8'))).toEqual({ files: ['a.json', 'b.svg'] })
    })
    it('should leave the old set as it was when writing the report fails midway', () => {
      const out = path.join(dir, 'run')
      _.writeOutputSet(out, (d) => write(d, { 'model.safetensors': 'old model', 'metrics.json': 'old metrics' }))
      const r = _.writeOutputSet(out, (d) => {
        write(d, { 'model.safetensors': 'new model' })
        return E.left('could not save metrics.json: ENOSPC')
      })
      expect(r).toEqual(E.left('could not save metrics.json: ENOSPC'))
      expect(contents(out)).toEqual({ 'metrics.json': 'old metrics', 'model.safetensors': 'old model' })
      expect(fs.readdirSync(dir)).toEqual(['run'])
    })
    it('should leave the old set when the fill throws (a fail inside it)', () => {
      const out = path.join(dir, 'run')
      _.writeOutputSet(out, (d) => write(d, { 'm.json': 'old' }))
      expect(() => _.writeOutputSet(out, () => { throw new Failure('x: stop') })).toThrow('x: stop')
      expect(contents(out)).toEqual({ 'm.json': 'old' })
      expect(fs.readdirSync(dir)).toEqual(['run'])
    })
  })

  describe('checkOutFolder', () => {
    it.each([
      ['', 't: --out must name a folder, got an empty string'],
      ['   ', 't: --out must name a folder, got an empty string']
    ])('should refuse %j', (raw, line) => expect(failure(() => _.checkOutFolder('t', raw, []))).toBe(line))
    it('should refuse a file, a folder below a file, an unwritable place and a folder of other files', () => {
      const file = path.join(dir, 'notes.txt')
      fs.writeFileSync(file, 'mine')
      expect(failure(() => _.checkOutFolder('t', file, []))).toBe(`t: --out ${JSON.stringify(file)} is a file; name a folder`)
      expect(failure(() => _.checkOutFolder('t', path.join(file, 'sub'), []))).toBe(`t: --out ${JSON.stringify(path.join(file, 'sub'))}: ${JSON.stringify(file)} is a file, not a folder`)
      expect(failure(() => _.checkOutFolder('t', '/proc/kanzen-out', []))).toBe('t: --out "/proc/kanzen-out": cannot create files in "/proc"')
      expect(failure(() => _.checkOutFolder('t', dir, ['metrics.json']))).toBe(
        `t: --out ${JSON.stringify(dir)} holds files this run did not write ("notes.txt"); it would replace the whole folder, so choose a new or empty one`
      )
      expect(fs.readFileSync(file, 'utf8')).toBe('mine')
    })
    it("should accept a new folder, an empty one, a previous set, and a folder of only the script's files", () => {
      expect(_.checkOutFolder('t', path.join(dir, 'a', 'b'), [])).toBe(path.join(dir, 'a', 'b'))
      fs.mkdirSync(path.join(dir, 'empty'))
      expect(_.checkOutFolder('t', path.join(dir, 'empty'), [])).toBe(path.join(dir, 'empty'))
      _.writeOutputSet(path.join(dir, 'set'), (d) => write(d, { 'x.svg': '' }))
      expect(_.checkOutFolder('t', path.join(dir, 'set'), [])).toBe(path.join(dir, 'set'))
      fs.mkdirSync(path.join(dir, 'legacy'))
      write(path.join(dir, 'legacy'), { 'metrics.json': '{}' })
      expect(_.checkOutFolder('t', path.join(dir, 'legacy'), ['metrics.json', 'model.safetensors'])).toBe(path.join(dir, 'legacy'))
    })
    it('should remove what killed runs left: staging folders beside, temporary files inside', () => {
      const out = path.join(dir, 'run')
      _.writeOutputSet(out, (d) => write(d, { 'm.json': 'old' }))
      const pid = deadPid()
      fs.mkdirSync(path.join(dir, `.run.staging-${pid}`))
      fs.writeFileSync(path.join(dir, `.run.staging-${pid}`, 'm.json'), 'half')
      fs.writeFileSync(path.join(out, `.model.safetensors.tmp-${pid}`), 'half')
      fs.mkdirSync(path.join(dir, `.run.staging-${process.pid}`)) // a live run's: kept
      expect(_.checkOutFolder('t', out, [])).toBe(out)
      expect(fs.readdirSync(dir).sort()).toEqual([`.run.staging-${process.pid}`, 'run'])
      expect(contents(out)).toEqual({ 'm.json': 'old' })
    })
    it('should put back an old set that a kill between the two renames left aside', () => {
      const out = path.join(dir, 'run')
      _.writeOutputSet(out, (d) => write(d, { 'm.json': 'old' }))
      const pid = deadPid()
      fs.renameSync(out, path.join(dir, `.run.previous-${pid}`))
      expect(_.checkOutFolder('t', out, [])).toBe(out)
      expect(contents(out)).toEqual({ 'm.json': 'old' })
      expect(fs.readdirSync(dir)).toEqual(['run'])
    })
  })
})
