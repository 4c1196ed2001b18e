import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/cars.js'
import { showDataError } from '../../src/data/data-error.js'

const car = {
  Name: 'chevrolet chevelle malibu',
  Miles_per_Gallon: 18,
  Cylinders: 8,
  Displacement: 307,
  Horsepower: 130,
  Weight_in_lbs: 3504,
  Acceleration: 12,
  Year: '1970-01-01',
  Origin: 'USA'
}
const lines = (
  r: E.Either<ReadonlyArray<{ path: string; expected: string; found: string }>, unknown>
): Array<string> => (E.isLeft(r) ? r.left.map(showDataError) : ['(no error)'])

describe('cars', () => {
  describe('decodeCars', () => {
    it('should build the 9 features and the target (hand-worked record)', () => {
      const r = _.decodeCars([car, { ...car, Name: 'b', Origin: 'Japan', Year: '1982-01-01', Miles_per_Gallon: 31.5 }])
      expect(E.isRight(r)).toBe(true)
      if (E.isLeft(r)) return
      expect(r.right.features.shape).toEqual([2, 9])
      expect(Array.from(r.right.features.data.slice(0, 9))).toEqual([8, 307, 130, 3504, 12, 70, 1, 0, 0])
      expect(Array.from(r.right.features.data.slice(9, 18))).toEqual([8, 307, 130, 3504, 12, 82, 0, 0, 1])
      expect(Array.from(r.right.target.data)).toEqual([18, 31.5])
      expect(r.right.target.shape).toEqual([2, 1])
      expect([r.right.kept, r.right.dropped, r.right.names]).toEqual([2, 0, ['chevrolet chevelle malibu', 'b']])
    })
    it('should drop and count records without a target or horsepower', () => {
      const r = _.decodeCars([
        car,
        { ...car, Miles_per_Gallon: null },
        { ...car, Horsepower: null },
        { ...car, Origin: 'Europe' }
      ])
      expect(E.isRight(r) && [r.right.kept, r.right.dropped, r.right.features.data[9 + 7]]).toEqual([2, 2, 1])
    })
    it('should name each bad field by record index, with what was found', () => {
      const r = _.decodeCars([
        car,
        { ...car, Horsepower: '130', Year: 1970 },
        { ...car, Origin: 'Mars', Cylinders: undefined }
      ])
      expect(lines(r)).toEqual([
        'cars.json[1].Horsepower: expected a number or null, got "130"',
        'cars.json[1].Year: expected a date "YYYY-MM-DD" in 1900..1999, got 1970',
        'cars.json[2].Cylinders: expected a finite number, got nothing (missing)',
        'cars.json[2].Origin: expected "USA", "Europe" or "Japan", got "Mars"'
      ])
    })
    it('should refuse something that is not an array of records', () => {
      expect(lines(_.decodeCars({ cars: [] }, 'x.json'))).toEqual([
        'x.json: expected an array of car records, got object'
      ])
      expect(lines(_.decodeCars([3]))).toEqual(['cars.json[0]: expected a car record, got 3'])
    })
  })
})
