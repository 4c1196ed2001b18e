/**
 * CSV text → rows of strings, with the line each row starts on (RFC 4180: quoted fields holding
 * commas, line breaks and doubled quotes `""`; CRLF, LF or CR line ends; a leading UTF-8
 * byte-order mark is dropped). Blank lines are skipped. Rows may have different lengths here:
 * checking the columns is the job of the decoder that knows which columns it expects. Malformed
 * quoting is a `Left` naming the file and line, never an exception.
 *
 * The tokenizer is one pass over the characters with two states (inside quotes or not). It is
 * written here rather than taken from a CSV package because those lean on Node's `Buffer`, and
 * the package entry must run in a browser as it is.
 *
 * Reference: RFC 4180, "Common Format and MIME Type for Comma-Separated Values (CSV) Files".
 *
 * @since 0.1.0
 */
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
 * import * as E from 'fp-ts/lib/Either.js'
 * const rows = Data.parseCsv('\uFEFFa,b\r\n"x, ""y""",2\r\n', 'f.csv')
 * assert.deepStrictEqual(rows, E.right([{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['x, "y"', '2'] }]))
 * const bad = Data.parseCsv('a\n"open', 'f.csv')
 * assert.ok(E.isLeft(bad) && bad.left[0]?.path === 'f.csv:2')
 *
 * @category operations
 * @since 0.1.0
 */
export const parseCsv = (text: string, file: string): E.Either<DataErrors, ReadonlyArray<CsvRow>> => {
  const rows: Array<CsvRow> = []
  const bad = (line: number, why: string): E.Either<DataErrors, never> =>
    E.left(dataError(`${file}:${line}`, 'well-formed CSV (RFC 4180)', JSON.stringify(why)))
  const n = text.length
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  while (i < n) {
    // One record, starting at line `start`; a record that is one empty field is a blank line.
    const start = line
    const cells: Array<string> = []
    let atEnd = false
    while (!atEnd) {
      let cell = ''
      if (text[i] === '"') {
        const opened = line
        i++
        for (;;) {
          if (i >= n) return bad(opened, `a quoted field opened on line ${opened} is never closed`)
          const c = text.charAt(i)
          if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 2)
          else if (c === '"') {
            i++
            break
          } else {
            if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++
            cell += c
            i++
          }
        }
        const next = text[i]
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          return bad(line, `unexpected ${JSON.stringify(next)} after the closing quote of field ${cells.length + 1}`)
      } else {
        const from = i
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++
        cell = text.slice(from, i)
        if (cell.includes('"')) return bad(line, `a quote inside unquoted field ${cells.length + 1}: ${cell}`)
      }
      cells.push(cell)
      const sep = text[i]
      if (sep === ',') i++
      else {
        atEnd = true
        if (sep === '\r') i += text[i + 1] === '\n' ? 2 : 1
        else if (sep === '\n') i++
        if (sep !== undefined) line++
      }
    }
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: start, cells })
  }
  return E.right(rows)
}
