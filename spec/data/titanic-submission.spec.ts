import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/titanic-submission.js'
import { showDataError } from '../../src/data/data-error.js'

const test = [{ PassengerId: 892 }, { PassengerId: 893 }, { PassengerId: 894 }]

describe('titanic-submission', () => {
  describe('titanicSubmission', () => {
    it("should write the header and the test file's ids in order, with CRLF line ends", () => {
      expect(_.titanicSubmission(test, Int32Array.of(0, 1, 0))).toEqual(
        E.right('PassengerId,Survived\r\n892,0\r\n893,1\r\n894,0\r\n')
      )
    })
    it('should refuse a prediction count that differs from the test rows', () => {
      const r = _.titanicSubmission(test, [0, 1])
      expect(E.isLeft(r) && r.left.map(showDataError)).toEqual([
        'submission: expected one prediction per test passenger (3), got 2 predictions'
      ])
    })
    it('should refuse values other than 0 or 1, naming every row', () => {
      const r = _.titanicSubmission(test, [0.4, 1, 2])
      expect(E.isLeft(r) && r.left.map(showDataError)).toEqual([
        'submission row 1 (PassengerId 892): expected 0 or 1, got 0.4',
        'submission row 3 (PassengerId 894): expected 0 or 1, got 2'
      ])
    })
    it('should refuse repeated ids', () => {
      const r = _.titanicSubmission([{ PassengerId: 1 }, { PassengerId: 1 }], [0, 0])
      expect(E.isLeft(r) && r.left.map(showDataError)).toEqual([
        'submission row 2 (PassengerId 1): expected a new integer PassengerId, got 1'
      ])
    })
  })
})
