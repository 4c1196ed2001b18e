/**
 * The Kaggle submission file for Titanic: the header `PassengerId,Survived`, then one line per
 * test passenger, in the test file's order, with a prediction 0 or 1. Lines end in CRLF, as in
 * Kaggle's own `gender_submission.csv`, and the file ends with a line break. Everything is
 * checked before any text is produced, so a script writes either a valid file or nothing.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataError, DataErrors } from './data-error.js'
import type { Passenger } from './titanic.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The submission text for the decoded test rows and one prediction per row (same order).
 * A `Left` names each problem: a length mismatch, a value that is not 0 or 1, a repeated id.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const test = [{ PassengerId: 892 }, { PassengerId: 893 }] as unknown as ReadonlyArray<Data.Passenger>
 * assert.deepStrictEqual(Data.titanicSubmission(test, [0, 1]), E.right('PassengerId,Survived\r\n892,0\r\n893,1\r\n'))
 * assert.ok(E.isLeft(Data.titanicSubmission(test, [0, 0.7])))
 *
 * @category operations
 * @since 0.1.0
 */
export const titanicSubmission = (
  test: ReadonlyArray<Pick<Passenger, 'PassengerId'>>,
  survived: ArrayLike<number>
): E.Either<DataErrors, string> => {
  if (survived.length !== test.length) {
    return E.left([
      {
        path: 'submission',
        expected: `one prediction per test passenger (${test.length})`,
        found: `${survived.length} predictions`
      }
    ])
  }
  const errors: Array<DataError> = []
  const seen = new Set<number>()
  test.forEach((r, i) => {
    const where = `submission row ${i + 1} (PassengerId ${r.PassengerId})`
    if (survived[i] !== 0 && survived[i] !== 1)
      errors.push({ path: where, expected: '0 or 1', found: `${survived[i]}` })
    if (!Number.isInteger(r.PassengerId) || seen.has(r.PassengerId))
      errors.push({ path: where, expected: 'a new integer PassengerId', found: `${r.PassengerId}` })
    seen.add(r.PassengerId)
  })
  if (errors.length > 0) return E.left(errors)
  return E.right(
    ['PassengerId,Survived', ...test.map((r, i) => `${r.PassengerId},${survived[i]}`)].join('\r\n') + '\r\n'
  )
}
