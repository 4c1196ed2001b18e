/**
 * Size arithmetic at the type level, beside the digit-wise product of `shape.ts`: addition,
 * subtraction and floor division of numeric literals, so that the compiler computes the output
 * size of a convolution or a pooling window,
 *
 *   out = ⌊(in + 2·padding − kernel) / stride⌋ + 1
 *
 * (`ConvOut`). Like `Multiply`, these work on the decimal digits of the literals (little-endian
 * tuples of single digits), so they are not bounded by TypeScript's tuple size limit: a digit
 * step only ever builds tuples shorter than 20. A wide `number` anywhere gives `number` (the
 * run time checks it instead). Subtraction below zero and division by zero give `never`, which
 * the layers turn into a compiler message naming the numbers.
 *
 *   subtraction   column by column with a borrow, as on paper:    226 − 3 = 223
 *   division      long division: bring down one digit, subtract the divisor while it fits
 *                 (at most 9 times), write down how often it did:  223 / 2 = 111 rest 1
 *
 * @since 0.2.0
 */
import type { AddDigits, D, Digits, FromDigits, IsLiteral, Multiply, StripZeros, ToDigits, Tuple } from './shape.js'

// -------------------------------------------------------------------------------------
// type-level helpers
// -------------------------------------------------------------------------------------

/**
 * `A + B` for numeric literals of any size.
 *
 * @category type-level
 * @since 0.2.0
 */
export type Add<A extends number, B extends number> = IsLiteral<A> extends true
  ? IsLiteral<B> extends true
    ? FromDigits<AddDigits<ToDigits<`${A}`>, ToDigits<`${B}`>>>
    : number
  : number

/**
 * `A − B` for numeric literals of any size; `never` when B > A (shapes are never negative).
 *
 * @category type-level
 * @since 0.2.0
 */
export type Subtract<A extends number, B extends number> = IsLiteral<A> extends true
  ? IsLiteral<B> extends true
    ? SubDigits<ToDigits<`${A}`>, ToDigits<`${B}`>> extends infer R extends Digits
      ? FromDigits<R>
      : never
    : number
  : number

/**
 * `⌊A / B⌋` for numeric literals of any size; `never` when B is 0.
 *
 * @category type-level
 * @since 0.2.0
 */
export type Divide<A extends number, B extends number> = IsLiteral<A> extends true
  ? IsLiteral<B> extends true
    ? B extends 0
      ? never
      : LongDivision<BigEndian<`${A}`>, ToDigits<`${B}`>>
    : number
  : number

/**
 * Whether `A ≥ B`, for literals (`boolean` when either is `number`).
 *
 * @category type-level
 * @since 0.2.0
 */
export type AtLeast<A extends number, B extends number> = IsLiteral<A> extends true
  ? IsLiteral<B> extends true
    ? [Subtract<A, B>] extends [never]
      ? false
      : true
    : boolean
  : boolean

/**
 * The output size of a convolution or pooling window along one axis:
 * `⌊(In + 2·Pad − K) / Stride⌋ + 1`, or `never` when the window is larger than the padded input.
 *
 * @category type-level
 * @since 0.2.0
 */
export type ConvOut<In extends number, K extends number, Stride extends number, Pad extends number> = [
  Subtract<Add<In, Multiply<2, Pad>>, K>
] extends [never]
  ? never
  : Add<Divide<Subtract<Add<In, Multiply<2, Pad>>, K>, Stride>, 1>

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Bit = 0 | 1

// A − B − borrow for single digits: [digit, borrow out].
type DiffDigit<A extends D, B extends D, Bw extends Bit> = Tuple<A> extends [...Tuple<B>, ...Tuple<Bw>, ...infer R]
  ? [R['length'] & D, 0]
  : [...Tuple<A>, ...Tuple<10>] extends [...Tuple<B>, ...Tuple<Bw>, ...infer R]
    ? [R['length'] & D, 1]
    : never

type Cons<H extends D, R> = R extends Digits ? [H, ...R] : R

// Little-endian X − Y; the string 'negative' when Y > X.
type SubDigits<X extends Digits, Y extends Digits, Bw extends Bit = 0> = X extends readonly [infer XH extends D, ...infer XR extends Digits]
  ? Y extends readonly [infer YH extends D, ...infer YR extends Digits]
    ? Cons<DiffDigit<XH, YH, Bw>[0], SubDigits<XR, YR, DiffDigit<XH, YH, Bw>[1]>>
    : Cons<DiffDigit<XH, 0, Bw>[0], SubDigits<XR, [], DiffDigit<XH, 0, Bw>[1]>>
  : Y extends readonly [unknown, ...Array<unknown>]
    ? 'negative'
    : Bw extends 0
      ? []
      : 'negative'

// The digits of a decimal string, most significant first.
type BigEndian<S extends string, Acc extends Digits = []> = S extends `${infer C extends D}${infer Rest}` ? BigEndian<Rest, [...Acc, C]> : Acc

// One step of long division: subtract the divisor from the remainder while it fits.
type Fits<R extends Digits, B extends Digits, Q extends Array<unknown> = []> = SubDigits<R, B> extends infer S extends Digits
  ? Fits<S, B, [...Q, unknown]>
  : [Q['length'] & D, R]

type LongDivision<Ds extends Digits, B extends Digits, R extends Digits = [], Q extends string = ''> = Ds extends readonly [
  infer H extends D,
  ...infer Rest extends Digits
]
  ? Fits<[H, ...R], B> extends [infer q extends D, infer R2 extends Digits]
    ? LongDivision<Rest, B, R2, `${Q}${q}`>
    : never
  : StripZeros<Q> extends `${infer N extends number}`
    ? N
    : never
