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
export const showDataError = (e: DataError): string => `${e.path}: expected ${e.expected}, got ${e.found}`

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
