/**
 * A generic loader for a user's own regression data: records from a CSV file (header row =
 * column names) or from JSON (an array of objects) → a numeric feature matrix and a target
 * column, with the columns chosen by name. A cell is a number, a numeric string, or missing
 * (empty string, `null`, or absent); a row with a missing chosen cell is dropped and counted.
 * Anything else is an error naming the row and column (`data.csv:7 Weight` or
 * `data.json[6].Weight`), and every such error is reported, not just the first.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as T from '../tensor/index.js'
import { parseCsv } from './csv.js'
import type { CsvRow } from './csv.js'
import type { DataError, DataErrors } from './data-error.js'
import { showFound } from './data-error.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Records with their location: `columns` known to exist, the `source` format (which decides how
 * a cell is named in errors: `d.csv:7 Weight` or `d.json[6].Weight`), and for each row a `where`
 * (`d.csv:7`, `d.json[6]`) and its values by column name.
 *
 * @category model
 * @since 0.1.0
 */
export interface Table {
  readonly source: 'csv' | 'json'
  readonly columns: ReadonlyArray<string>
  readonly rows: ReadonlyArray<{ readonly where: string; readonly values: Readonly<Record<string, unknown>> }>
}

/**
 * A regression data set: F feature columns (in the order asked for) and a [n, 1] target.
 *
 * @category model
 * @since 0.1.0
 */
export interface Regression<F extends number> {
  readonly features: T.Tensor<[number, F]>
  readonly target: T.Tensor<[number, 1]>
  readonly featureNames: ReadonlyArray<string>
  readonly kept: number
  readonly dropped: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Records from CSV text; every row must have as many fields as the header.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const t = Data.tableFromCsv('x,y\n1,2\n', 'd.csv')
 * assert.ok(E.isRight(t) && t.right.rows[0]?.where === 'd.csv:2' && t.right.rows[0]?.values['y'] === '2')
 *
 * @category constructors
 * @since 0.1.0
 */
export const tableFromCsv = (text: string, file: string): E.Either<DataErrors, Table> =>
  E.chain((rows: ReadonlyArray<CsvRow>): E.Either<DataErrors, Table> => {
    const [header, ...body] = rows
    if (header === undefined) return E.left([err(`${file}:1`, 'a header row of column names', 'an empty file')])
    const bad = body.filter((r) => r.cells.length !== header.cells.length)
    if (bad.length > 0)
      return E.left(
        bad.map((r) => err(`${file}:${r.line}`, `${header.cells.length} fields`, `${r.cells.length} fields`))
      )
    const values = (r: CsvRow) => Object.fromEntries(header.cells.map((c, i) => [c, r.cells[i]]))
    return E.right({
      source: 'csv',
      columns: header.cells,
      rows: body.map((r) => ({ where: `${file}:${r.line}`, values: values(r) }))
    })
  })(parseCsv(text, file))

/**
 * Records from parsed JSON: an array of objects; a column exists if any record has it.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const t = Data.tableFromJson([{ x: 1 }, 'oops'], 'd.json')
 * assert.deepStrictEqual(E.mapLeft(Data.showDataErrors)(t), E.left('d.json[1]: expected an object, got "oops"'))
 *
 * @category constructors
 * @since 0.1.0
 */
export const tableFromJson = (json: unknown, file: string): E.Either<DataErrors, Table> => {
  if (!Array.isArray(json))
    return E.left([err(file, 'an array of records', showFound(json))])
  const isRecord = (u: unknown): u is Record<string, unknown> =>
    typeof u === 'object' && u !== null && !Array.isArray(u)
  const bad = json.flatMap((u: unknown, i) =>
    isRecord(u) ? [] : [err(`${file}[${i}]`, 'an object', showFound(u))]
  )
  if (bad.length > 0) return E.left(bad)
  const rows = json.filter(isRecord).map((values, i) => ({ where: `${file}[${i}]`, values }))
  return E.right({ source: 'json', columns: [...new Set(rows.flatMap((r) => Object.keys(r.values)))], rows })
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Choose feature columns and a target by name and convert to tensors.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const t = Data.tableFromJson([{ a: 1, b: '2', y: 3 }, { a: null, b: 1, y: 0 }, { a: 'x', b: 1, y: 0 }], 'd.json')
 * const r = E.chain((tb: Data.Table) => Data.regressionFromTable(tb, { features: ['a', 'b'], target: 'y' }))(t)
 * assert.deepStrictEqual(E.mapLeft(Data.showDataErrors)(r), E.left('d.json[2].a: expected a number (or empty for missing), got "x"'))
 *
 * @category operations
 * @since 0.1.0
 */
export const regressionFromTable = <const C extends ReadonlyArray<string>>(
  table: Table,
  choice: { readonly features: C; readonly target: string }
): E.Either<DataErrors, Regression<C['length']>> => {
  const wanted = [...choice.features, choice.target]
  const absent = wanted.filter((c) => !table.columns.includes(c))
  if (absent.length > 0)
    return E.left(
      absent.map((c) => err(`column "${c}"`, `a column named "${c}"`, `columns ${table.columns.join(', ')}`))
    )
  const errors: Array<DataError> = []
  const kept: Array<ReadonlyArray<number>> = []
  for (const row of table.rows) {
    const cells = wanted.map((c) => numberOf(row.values[c]))
    wanted.forEach(
      (c, j) =>
        cells[j] === 'bad' &&
        errors.push(
          err(
            `${row.where}${table.source === 'csv' ? ' ' : '.'}${c}`,
            'a number (or empty for missing)',
            showFound(row.values[c])
          )
        )
    )
    if (cells.every((x): x is number => typeof x === 'number')) kept.push(cells)
  }
  if (errors.length > 0) return E.left(errors)
  const f: C['length'] = choice.features.length
  return E.right({
    features: T.fromValues([kept.length, f], kept.flatMap((cells) => cells.slice(0, f))),
    target: T.fromValues([kept.length, 1], kept.flatMap((cells) => cells.slice(f))),
    featureNames: choice.features,
    kept: kept.length,
    dropped: table.rows.length - kept.length
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const err = (path: string, expected: string, found: string): DataError => ({ path, expected, found })

const numeric = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

const numberOf = (u: unknown): number | 'missing' | 'bad' =>
  u === null || u === undefined || u === ''
    ? 'missing'
    : typeof u === 'number' && Number.isFinite(u)
      ? u
      : typeof u === 'string' && numeric.test(u.trim()) && Number.isFinite(Number(u))
        ? Number(u)
        : 'bad'
