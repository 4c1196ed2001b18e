/**
 * Kaggle's Titanic files (`train.csv`, `test.csv`) → typed passenger records. The text is
 * tokenised by `parseCsv`, the header must be Kaggle's exactly (12 columns for train, 11 for
 * test), and every row is decoded by an io-ts codec built from cell codecs. Decoding never stops
 * at the first problem: a `Left` lists every bad cell as `file:line Column: expected …, got …`.
 *
 * Missing values (empty cells) become `null`: Age, Fare, Cabin and Embarked may be missing.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import {
  literalCell,
  numberCell,
  optionalLiteralCell,
  optionalNumberCell,
  optionalTextCell,
  textCell
} from './cells.js'
import { parseCsv } from './csv.js'
import type { CsvRow } from './csv.js'
import type { DataError, DataErrors } from './data-error.js'
import { showFound } from './data-error.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0

const columns = {
  PassengerId: numberCell('an integer', Number.isInteger),
  Pclass: literalCell('1, 2 or 3', [1, 2, 3]),
  Name: textCell('a name'),
  Sex: literalCell('male or female', ['male', 'female']),
  Age: optionalNumberCell('a number or empty'),
  SibSp: numberCell('an integer ≥ 0', isCount),
  Parch: numberCell('an integer ≥ 0', isCount),
  Ticket: textCell('a ticket'),
  Fare: optionalNumberCell('a number ≥ 0 or empty', (n) => n >= 0),
  Cabin: optionalTextCell('a cabin or empty'),
  Embarked: optionalLiteralCell('C, Q, S or empty', ['C', 'Q', 'S'])
}

/**
 * A row of test.csv, decoded from its cells (a passenger without the label).
 *
 * @category model
 * @since 0.1.0
 */
export const Passenger = t.type(columns, 'Passenger')
/** @category model @since 0.1.0 */
export type Passenger = t.TypeOf<typeof Passenger>

/**
 * A row of train.csv: a passenger and `Survived` (0 or 1).
 *
 * @category model
 * @since 0.1.0
 */
// Survived second, as in the file, so that errors come out in column order.
const { PassengerId, ...rest } = columns
export const LabelledPassenger = t.type(
  { PassengerId, Survived: literalCell('0 or 1', [0, 1]), ...rest },
  'LabelledPassenger'
)
/** @category model @since 0.1.0 */
export type LabelledPassenger = t.TypeOf<typeof LabelledPassenger>

/** Kaggle's header of train.csv, in order. @category model @since 0.1.0 */
export const trainHeader = [
  'PassengerId',
  'Survived',
  'Pclass',
  'Name',
  'Sex',
  'Age',
  'SibSp',
  'Parch',
  'Ticket',
  'Fare',
  'Cabin',
  'Embarked'
] as const
/** Kaggle's header of test.csv: train's without `Survived`. @category model @since 0.1.0 */
export const testHeader = [
  'PassengerId',
  'Pclass',
  'Name',
  'Sex',
  'Age',
  'SibSp',
  'Parch',
  'Ticket',
  'Fare',
  'Cabin',
  'Embarked'
] as const

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Decode the text of train.csv (`file` names it in errors).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const text = Data.trainHeader.join(',') + '\r\n1,0,3,"Braund, Mr. Owen Harris",male,abc,1,0,A/5 21171,7.25,,S\r\n'
 * const rows = Data.decodeTitanicTrain(text, 'train.csv')
 * assert.deepStrictEqual(E.mapLeft(Data.showDataErrors)(rows), E.left('train.csv:2 Age: expected a number or empty, got "abc"'))
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeTitanicTrain = (
  text: string,
  file = 'train.csv'
): E.Either<DataErrors, ReadonlyArray<LabelledPassenger>> => decodeTable(LabelledPassenger, trainHeader, text, file)

/**
 * Decode the text of test.csv (`file` names it in errors).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const text = Data.testHeader.join(',') + '\n892,3,"Kelly, Mr. James",male,34.5,0,0,330911,7.8292,,Q\n'
 * const rows = Data.decodeTitanicTest(text)
 * assert.ok(E.isRight(rows) && rows.right[0]?.Age === 34.5 && rows.right[0]?.Cabin === null)
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeTitanicTest = (text: string, file = 'test.csv'): E.Either<DataErrors, ReadonlyArray<Passenger>> =>
  decodeTable(Passenger, testHeader, text, file)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const decodeTable = <A>(
  codec: t.Decoder<unknown, A>,
  header: ReadonlyArray<string>,
  text: string,
  file: string
): E.Either<DataErrors, ReadonlyArray<A>> =>
  E.chain((rows: ReadonlyArray<CsvRow>): E.Either<DataErrors, ReadonlyArray<A>> => {
    const [first, ...body] = rows
    if (first === undefined) return E.left([err(`${file}:1 header`, `"${header.join(',')}"`, 'an empty file')])
    const headerErrors = checkHeader(first, header, file)
    if (headerErrors.length > 0) return E.left(headerErrors)
    if (body.length === 0) return E.left([err(`${file}:${first.line + 1}`, 'at least one passenger row', 'none')])
    const errors: Array<DataError> = []
    const out: Array<A> = []
    for (const row of body) {
      if (row.cells.length !== header.length) {
        errors.push(err(`${file}:${row.line}`, `${header.length} fields`, `${row.cells.length} fields`))
        continue
      }
      const decoded = codec.decode(Object.fromEntries(header.map((h, i) => [h, row.cells[i]])))
      if (E.isRight(decoded)) out.push(decoded.right)
      else for (const e of decoded.left) errors.push(cellError(e, file, row.line))
    }
    return errors.length === 0 ? E.right(out) : E.left(errors)
  })(parseCsv(text, file))

const err = (path: string, expected: string, found: string): DataError => ({ path, expected, found })

// Column by column, so that a renamed, missing or extra column is named by its position.
const checkHeader = (row: CsvRow, header: ReadonlyArray<string>, file: string): Array<DataError> =>
  Array.from({ length: Math.max(header.length, row.cells.length) }, (_, i) => [header[i], row.cells[i]] as const)
    .map(([want, got], i) =>
      want === got
        ? undefined
        : err(
            `${file}:${row.line} column ${i + 1}`,
            want === undefined ? 'no column' : `"${want}"`,
            got === undefined ? 'no column' : showFound(got)
          )
    )
    .filter((e): e is DataError => e !== undefined)

// io-ts context: [root record, field, cell codec]; the cell codec's name is the expectation.
const cellError = (e: t.ValidationError, file: string, line: number): DataError => {
  const field = e.context[1]?.key ?? '?'
  const expected = e.context[e.context.length - 1]?.type.name ?? '?'
  return err(`${file}:${line} ${field}`, expected, showFound(e.value))
}
