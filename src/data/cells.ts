/**
 * io-ts codecs for single CSV cells: each decodes a string and encodes the value back to the
 * same string. The codec's `name` is the human expectation (`a number or empty`), which is what
 * an error line shows after "expected". An empty cell means a missing value, decoded as `null`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

// A decimal number as written in a CSV cell: optional sign, digits, optional fraction and exponent.
// Stricter than Number(s), which would accept '', ' ', '0x10' and 'Infinity'; and finite, since
// '1e999' is written like a number but reads as Infinity.
const numeric = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const finiteNumber = (s: string): number | undefined => (numeric.test(s.trim()) && Number.isFinite(Number(s)) ? Number(s) : undefined)

const cell = <A>(
  name: string,
  parse: (s: string) => A | undefined,
  show: (a: A) => string,
  is: (u: unknown) => u is A
): t.Type<A, string, unknown> =>
  new t.Type<A, string, unknown>(
    name,
    is,
    (u, c) => {
      const a = typeof u === 'string' ? parse(u) : undefined
      return a === undefined ? t.failure(u, c) : t.success(a)
    },
    show
  )

const isNumber = (u: unknown): u is number => typeof u === 'number'

/**
 * A cell holding a number that satisfies `ok` (e.g. `n ≥ 0`), described by `name`.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * assert.deepStrictEqual(Data.numberCell('a number').decode('2.5'), E.right(2.5))
 * assert.ok(E.isLeft(Data.numberCell('a number').decode('abc')))
 * assert.ok(E.isLeft(Data.numberCell('a number').decode('1e999'))) // reads as Infinity: refused
 *
 * @category constructors
 * @since 0.1.0
 */
export const numberCell = (name: string, ok: (n: number) => boolean = () => true): t.Type<number, string, unknown> =>
  cell(name, (s) => { const n = finiteNumber(s); return n !== undefined && ok(n) ? n : undefined }, String, isNumber)

/**
 * A cell holding a number, or empty for a missing value (`null`).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * assert.deepStrictEqual(Data.optionalNumberCell('a number or empty').decode(''), E.right(null))
 *
 * @category constructors
 * @since 0.1.0
 */
export const optionalNumberCell = (
  name: string,
  ok: (n: number) => boolean = () => true
): t.Type<number | null, string, unknown> =>
  cell<number | null>(
    name,
    (s) => { if (s === '') return null; const n = finiteNumber(s); return n !== undefined && ok(n) ? n : undefined },
    (a) => (a === null ? '' : String(a)),
    (u): u is number | null => u === null || isNumber(u)
  )

/**
 * A cell holding one of a few literal values, written as their strings (`'1' | '2' | '3'` → 1 | 2 | 3).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const Pclass = Data.literalCell('1, 2 or 3', [1, 2, 3] as const)
 * assert.deepStrictEqual(Pclass.decode('2'), E.right(2))
 * assert.ok(E.isLeft(Pclass.decode('4')))
 *
 * @category constructors
 * @since 0.1.0
 */
export const literalCell = <const L extends ReadonlyArray<string | number>>(
  name: string,
  values: L
): t.Type<L[number], string, unknown> =>
  cell<L[number]>(
    name,
    (s) => values.find((v) => String(v) === s),
    String,
    (u): u is L[number] => values.some((v) => v === u)
  )

/**
 * A cell holding any text (possibly empty).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * assert.deepStrictEqual(Data.textCell('a name').decode('Braund, Mr. Owen Harris'), E.right('Braund, Mr. Owen Harris'))
 *
 * @category constructors
 * @since 0.1.0
 */
export const textCell = (name: string): t.Type<string, string, unknown> =>
  cell(
    name,
    (s) => s,
    (a) => a,
    (u): u is string => typeof u === 'string'
  )

/**
 * A cell holding text, or empty for a missing value (`null`).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * assert.deepStrictEqual(Data.optionalTextCell('a cabin or empty').decode(''), E.right(null))
 *
 * @category constructors
 * @since 0.1.0
 */
export const optionalTextCell = (name: string): t.Type<string | null, string, unknown> =>
  cell<string | null>(
    name,
    (s) => (s === '' ? null : s),
    (a) => a ?? '',
    (u): u is string | null => typeof u === 'string' || u === null
  )

/**
 * A cell holding one of a few literal strings, or empty for a missing value (`null`).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const Embarked = Data.optionalLiteralCell('C, Q, S or empty', ['C', 'Q', 'S'] as const)
 * assert.deepStrictEqual([Embarked.decode('Q'), Embarked.decode('')], [E.right('Q'), E.right(null)])
 *
 * @category constructors
 * @since 0.1.0
 */
export const optionalLiteralCell = <const L extends ReadonlyArray<string>>(
  name: string,
  values: L
): t.Type<L[number] | null, string, unknown> =>
  cell<L[number] | null>(
    name,
    (s) => (s === '' ? null : values.find((v) => v === s)),
    (a) => a ?? '',
    (u): u is L[number] | null => u === null || values.some((v) => v === u)
  )
