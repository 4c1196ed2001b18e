/**
 * The one error type of the data codecs: *where* a value failed (a path such as `header/magic`,
 * `dims/1`, `body`, or `train.csv:17 Age`), what was *expected* there and what was *found*.
 * Every decoder in this folder returns `Either<DataErrors, A>`, and collects every bad cell it can
 * rather than stopping at the first, in the spirit of io-ts's `Errors`. Rendering to text happens
 * at the edge (scripts), with `showDataError`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One failure: a path naming the part that failed, the expectation, and what was there.
 *
 * @example
 * import { Data } from 'kanzen'
 * const e: Data.DataError = { path: 'header/magic', expected: 'two zero bytes', found: '1f 00' }
 * assert.strictEqual(e.path, 'header/magic')
 *
 * @category model
 * @since 0.1.0
 */
export interface DataError {
  readonly path: string
  readonly expected: string
  readonly found: string
}

/**
 * All failures of one decoding, never empty when it is a `Left`.
 *
 * @category model
 * @since 0.1.0
 */
export type DataErrors = ReadonlyArray<DataError>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A single failure, as the one-element array that decoders return in a `Left`.
 *
 * @example
 * import { Data } from 'kanzen'
 * assert.deepStrictEqual(Data.dataError('body', '10 bytes', '9 bytes'), [{ path: 'body', expected: '10 bytes', found: '9 bytes' }])
 *
 * @category constructors
 * @since 0.1.0
 */
export const dataError = (path: string, expected: string, found: string): DataErrors => [{ path, expected, found }]

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * One line of text: `path: expected …, got …`.
 *
 * @example
 * import { Data } from 'kanzen'
 * const e = { path: 'train.csv:17 Age', expected: 'a number or empty', found: '"abc"' }
 * assert.strictEqual(Data.showDataError(e), 'train.csv:17 Age: expected a number or empty, got "abc"')
 *
 * @category utils
 * @since 0.1.0
 */
export const showDataError = (e: DataError): string => `${cut(e.path, 200)}: expected ${e.expected}, got ${cut(e.found, 100)}`

// Text longer than `max` characters, cut with `…` (a 47 KB cell must not become a 47 KB line).
const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * The first `max` failures on one line, then `… and N more`: what a script prints.
 *
 * @example
 * import { Data } from 'kanzen'
 * const es = Array.from({ length: 7 }, (_, i) => ({ path: `f.csv:${i + 2} Age`, expected: 'a number', found: '"x"' }))
 * assert.strictEqual(Data.summariseDataErrors(es, 2), 'f.csv:2 Age: expected a number, got "x"; f.csv:3 Age: expected a number, got "x"; … and 5 more')
 *
 * @category utils
 * @since 0.1.0
 */
export const summariseDataErrors = (es: DataErrors, max = 5): string =>
  [...es.slice(0, max).map(showDataError), ...(es.length > max ? [`… and ${es.length - max} more`] : [])].join('; ')

/**
 * A value found in an input, as an error shows it: strings JSON-quoted (escapes visible) and cut to
 * `max` characters, numbers as written (`Infinity`, `NaN`), arrays and objects shown two levels
 * deep and four items wide (a deeply nested value must not overflow the stack, as
 * `JSON.stringify` would, nor a huge one fill the screen).
 *
 * @example
 * import { Data } from 'kanzen'
 * assert.deepStrictEqual([Data.showFound('a\nb'), Data.showFound(Infinity), Data.showFound({ a: [[[1]]] }), Data.showFound(undefined)], ['"a\\nb"', 'Infinity', '{"a":[an array of 1]}', 'nothing'])
 *
 * @category utils
 * @since 0.1.0
 */
export const showFound = (u: unknown, max = 60): string => {
  const text = preview(u, 2)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

// JSON-like text of at most `depth` levels and 4 items per level: bounded work, whatever `u` is.
const preview = (u: unknown, depth: number): string => {
  if (typeof u === 'string') return JSON.stringify(u.length > 200 ? u.slice(0, 200) : u)
  if (typeof u === 'number' || typeof u === 'boolean' || u === null) return String(u)
  if (u === undefined) return 'nothing'
  if (typeof u !== 'object') return typeof u
  if (Array.isArray(u)) {
    if (depth === 0) return `an array of ${u.length}`
    const items = u.slice(0, 4).map((x: unknown) => preview(x, depth - 1))
    return `[${items.join(',')}${u.length > 4 ? ',…' : ''}]`
  }
  if (depth === 0) return 'an object'
  const entries = Object.entries(u)
  const items = entries.slice(0, 4).map(([k, x]) => `${JSON.stringify(k.slice(0, 40))}:${preview(x, depth - 1)}`)
  return `{${items.join(',')}${entries.length > 4 ? ',…' : ''}}`
}

/**
 * Every failure on its own line, for a script to print.
 *
 * @example
 * import { Data } from 'kanzen'
 * assert.strictEqual(Data.showDataErrors(Data.dataError('body', '4 bytes', '3 bytes')), 'body: expected 4 bytes, got 3 bytes')
 *
 * @category utils
 * @since 0.1.0
 */
export const showDataErrors = (es: DataErrors): string => es.map(showDataError).join('\n')

/**
 * The same errors with a prefix on every path (`images/` + `header/magic`).
 *
 * @example
 * import { Data } from 'kanzen'
 * assert.strictEqual(Data.prefixErrors('images/')(Data.dataError('body', 'a', 'b'))[0]?.path, 'images/body')
 *
 * @category utils
 * @since 0.1.0
 */
export const prefixErrors =
  (prefix: string) =>
  (es: DataErrors): DataErrors =>
    es.map((e) => ({ ...e, path: prefix + e.path }))
