import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/records.js'
import { showDataError } from '../../src/data/data-error.js'
import type { DataErrors } from '../../src/data/data-error.js'

const lines = (r: E.Either<DataErrors, unknown>): Array<string> =>
  E.isLeft(r) ? r.left.map(showDataError) : ['(no error)']
const choice = { features: ['x1', 'x2'], target: 'y' } as const

describe('records', () => {
  describe('tableFromCsv', () => {
    it('should name rows by file and line', () => {
      const t = _.tableFromCsv('x1,x2,y\r\n1,2,3\r\n', 'd.csv')
      expect(t).toEqual(
        E.right({
          source: 'csv',
          columns: ['x1', 'x2', 'y'],
          rows: [{ where: 'd.csv:2', values: { x1: '1', x2: '2', y: '3' } }]
        })
      )
    })
    it('should refuse an empty file and rows of the wrong length', () => {
      expect(lines(_.tableFromCsv('', 'd.csv'))).toEqual([
        'd.csv:1: expected a header row of column names, got an empty file'
      ])
      expect(lines(_.tableFromCsv('a,b\n1\n1,2\n', 'd.csv'))).toEqual(['d.csv:2: expected 2 fields, got 1 fields'])
    })
  })

  describe('tableFromJson', () => {
    it('should refuse a value that is not an array of objects', () => {
      expect(lines(_.tableFromJson({ a: 1 }, 'd.json'))).toEqual(['d.json: expected an array of records, got {"a":1}'])
      expect(lines(_.tableFromJson([{ a: 1 }, [2]], 'd.json'))).toEqual(['d.json[1]: expected an object, got [2]'])
    })
  })

  describe('regressionFromTable', () => {
    it('should build features in the chosen order and a [n, 1] target from CSV', () => {
      const r = pipe(
        _.tableFromCsv('y,x2,x1\n3,2,1\n6,5,4\n', 'd.csv'),
        E.chain((t) => _.regressionFromTable(t, choice))
      )
      expect(E.isRight(r)).toBe(true)
      if (E.isLeft(r)) return
      expect(r.right.features.shape).toEqual([2, 2])
      expect(Array.from(r.right.features.data)).toEqual([1, 2, 4, 5])
      expect(Array.from(r.right.target.data)).toEqual([3, 6])
      expect(r.right.featureNames).toEqual(['x1', 'x2'])
    })
    it('should drop and count rows with a missing chosen cell (empty, null or absent)', () => {
      const json = [
        { x1: 1, x2: 2, y: 3 },
        { x1: null, x2: 2, y: 3 },
        { x2: 2, y: 3 },
        { x1: 1, x2: '', y: 3, other: 'ignored' }
      ]
      const r = pipe(
        _.tableFromJson(json, 'd.json'),
        E.chain((t) => _.regressionFromTable(t, choice))
      )
      expect(E.isRight(r) && [r.right.kept, r.right.dropped]).toEqual([1, 3])
    })
    it('should report a string where a number belongs in JSON, naming row and column', () => {
      const json = [
        { x1: 1, x2: 2, y: 3 },
        { x1: 'heavy', x2: 2, y: 3 },
        { x1: 1, x2: true, y: '4.5' }
      ]
      const r = pipe(
        _.tableFromJson(json, 'cars.json'),
        E.chain((t) => _.regressionFromTable(t, choice))
      )
      expect(lines(r)).toEqual([
        'cars.json[1].x1: expected a number (or empty for missing), got "heavy"',
        'cars.json[2].x2: expected a number (or empty for missing), got true'
      ])
    })
    it('should report a non-numeric CSV cell by file, line and column', () => {
      const r = pipe(
        _.tableFromCsv('x1,x2,y\n1,2,3\n1,abc,3\n', 'd.csv'),
        E.chain((t) => _.regressionFromTable(t, choice))
      )
      expect(lines(r)).toEqual(['d.csv:3 x2: expected a number (or empty for missing), got "abc"'])
    })
    it('should report a missing column, listing the columns there are', () => {
      const r = pipe(
        _.tableFromCsv('x1,z,y\n1,2,3\n', 'd.csv'),
        E.chain((t) => _.regressionFromTable(t, choice))
      )
      expect(lines(r)).toEqual(['column "x2": expected a column named "x2", got columns x1, z, y'])
    })
  })
})
