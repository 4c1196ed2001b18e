/**
 * CSV text → rows of strings, with the line each row starts on. Tokenising is done by the
 * well-kept `csv-parse` library (RFC 4180: quoted fields holding commas, line breaks and doubled
 * quotes `""`; CRLF or LF line ends; a leading UTF-8 byte-order mark is dropped). Blank lines are
 * skipped. Rows may have different lengths here: checking the columns is the job of the decoder
 * that knows which columns it expects. Malformed quoting is a `Left` naming the file and line,
 * never an exception.
 *
 * Reference: RFC 4180, "Common Format and MIME Type for Comma-Separated Values (CSV) Files".
 *
 * @since 0.1.0
 */
import { parse } from 'csv-parse/sync'
import * as E from 'fp-ts/lib/Either.js'
import { dataError } from './data-error.js'
import type { DataErrors } from './data-error.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One record: its 1-based line number in the file and its fields.
 *
 * @category model
 * @since 0.1.0
 */
export interface CsvRow {
  readonly line: number
  readonly cells: ReadonlyArray<string>
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Tokenise CSV text; `file` names it in errors. An empty text (or only a BOM) gives no rows.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/Either'
 * const rows = Data.parseCsv('\uFEFFa,b\r\n"x, ""y""",2\r\n', 'f.csv')
 * assert.deepStrictEqual(rows, E.right([{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['x, "y"', '2'] }]))
 * const bad = Data.parseCsv('a\n"open', 'f.csv')
 * assert.ok(E.isLeft(bad) && bad.left[0]?.path === 'f.csv:2')
 *
 * @category operations
 * @since 0.1.0
 */
export const parseCsv = (text: string, file: string): E.Either<DataErrors, ReadonlyArray<CsvRow>> =>
  E.tryCatch(
    () => {
      const lines: Array<number> = []
      const records = parse(text, {
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        // context.lines is the line a record ends on; kept beside the record (the sync API's
        // types do not describe its `info` option).
        on_record: (record: Array<string>, context) => (lines.push(context.lines), record)
      })
      // A quoted field may span lines, so its start is the end line less the line breaks inside.
      return records.map((cells, i) => ({ line: lines[i]! - newlines(cells), cells }))
    },
    (e) =>
      dataError(
        `${file}:${lineOf(e)}`,
        'well-formed CSV (RFC 4180)',
        e instanceof Error ? JSON.stringify(e.message) : 'unreadable text'
      )
  )

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const newlines = (cells: ReadonlyArray<string>): number => cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0)

const lineOf = (e: unknown): string =>
  typeof e === 'object' && e !== null && 'lines' in e && typeof e.lines === 'number' ? `${e.lines}` : '?'
