/**
 * Shapes: readonly tuples of dimensions, checked by the compiler where they are literals
 * (`[number, 784]`) and at run time where they are only `number`.
 *
 * The type-level product (`Product<S>`) uses digit-wise long multiplication on the decimal
 * strings of the literals, because tuple-length arithmetic stops below 10,000 (TypeScript's
 * tuple size limit) and a `[100, 784]` batch already has 78,400 elements.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A shape: one non-negative integer per axis. The batch axis is usually typed `number`.
 *
 * @category model
 * @since 0.1.0
 */
export type Shape = ReadonlyArray<number>

/**
 * Why a shape did not fit: which operation, what it expected and what it found.
 * Returned in a `Left` at the untyped edge (constructors, `withShape`), never printed by `src/`.
 *
 * @category model
 * @since 0.1.0
 */
export interface ShapeError {
  readonly _tag: 'ShapeError'
  readonly op: string
  readonly expected: string
  readonly found: string
  readonly message: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.shapeError('matmul', '[2, 3]', '[4, 5]').message, 'matmul: expected [2, 3], found [4, 5]')
 *
 * @category constructors
 * @since 0.1.0
 */
export const shapeError = (op: string, expected: string, found: string): ShapeError => ({
  _tag: 'ShapeError',
  op,
  expected,
  found,
  message: `${op}: expected ${expected}, found ${found}`
})

// -------------------------------------------------------------------------------------
// utils (run time)
// -------------------------------------------------------------------------------------

/**
 * A shape as people write it: `[100, 784]`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.showShape([100, 784]), '[100, 784]')
 *
 * @category utils
 * @since 0.1.0
 */
export const showShape = (shape: Shape): string => `[${shape.join(', ')}]`

/**
 * Number of elements: the product of the dimensions (1 for a scalar, shape `[]`).
 *
 * @category utils
 * @since 0.1.0
 */
export const sizeOf = (shape: Shape): number => {
  // A loop, not reduce: this runs for every tensor made, and the closure showed in step profiles.
  let n = 1
  for (let i = 0; i < shape.length; i++) n *= shape[i]!
  return n
}

/**
 * Whether two shapes are equal axis by axis.
 *
 * @category utils
 * @since 0.1.0
 */
export const sameShape = (a: Shape, b: Shape): boolean => {
  // A loop, not every(): several checks a layer call (3.9 % of a small network's step as every()).
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * A dimension must be a finite, non-negative integer: returns the reason it is not, or `undefined`.
 *
 * @category utils
 * @since 0.1.0
 */
export const invalidDimension = (d: number): string | undefined =>
  !Number.isFinite(d)
    ? `a finite dimension, got ${d}`
    : d < 0
      ? `a non-negative dimension, got ${d}`
      : !Number.isInteger(d)
        ? `an integer dimension, got ${d}`
        : undefined

// -------------------------------------------------------------------------------------
// type-level helpers
// -------------------------------------------------------------------------------------

/**
 * Whether `N` is a numeric literal (`784`) rather than the wide `number`.
 *
 * @category type-level
 * @since 0.1.0
 */
export type IsLiteral<N extends number> = number extends N ? false : true

/**
 * The shape of a nested array literal: `[[1, 2, 3], [4, 5, 6]]` has shape `[2, 3]`.
 * Arrays whose length is not known to the compiler give `number` on that axis.
 *
 * @category type-level
 * @since 0.1.0
 */
export type ShapeOf<A> = A extends number
  ? []
  : A extends readonly [infer H, ...Array<unknown>]
    ? [A['length'], ...ShapeOf<H>]
    : A extends ReadonlyArray<infer E>
      ? [number, ...ShapeOf<E>]
      : never

/**
 * A shape with its `readonly` modifier removed, so that `zeros([2, 3])` and `tensor([[…]])` both
 * give a `Tensor<[2, 3]>`: shapes are compared by their dimensions, never by mutability.
 *
 * @category type-level
 * @since 0.1.0
 */
export type Dims<S extends Shape> = { -readonly [K in keyof S]: S[K] }

/** The last axis of a shape. @category type-level @since 0.1.0 */
export type Last<S extends Shape> = S extends readonly [...Array<number>, infer L extends number] ? L : number

/** The number of axes. @category type-level @since 0.1.0 */
export type Rank<S extends Shape> = S['length']

/**
 * The number of elements of a shape, computed by the compiler: `Product<[100, 784]>` is `78400`.
 * Any `number` dimension makes the product `number` (checked at run time instead).
 *
 * @category type-level
 * @since 0.1.0
 */
export type Product<S extends Shape> = S extends readonly [infer H extends number, ...infer R extends Shape]
  ? IsLiteral<H> extends true
    ? Multiply<H, Product<R>>
    : number
  : S extends readonly []
    ? 1
    : number

/**
 * `A × B` for numeric literals of any size, by long multiplication on decimal digits.
 *
 * @category type-level
 * @since 0.1.0
 */
export type Multiply<A extends number, B extends number> = IsLiteral<A> extends true
  ? IsLiteral<B> extends true
    ? FromDigits<MulDigits<ToDigits<`${A}`>, ToDigits<`${B}`>>>
    : number
  : number

// Digits are little-endian tuples of single-digit numbers: 784 is [4, 8, 7].
/** @internal */
export type D = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9
/** @internal */
export type Digits = ReadonlyArray<D>

/** @internal */
export type ToDigits<S extends string, Acc extends Digits = []> = S extends `${infer C extends D}${infer Rest}`
  ? ToDigits<Rest, [C, ...Acc]>
  : Acc

type Join<Ds extends Digits, Acc extends string = ''> = Ds extends readonly [infer H extends D, ...infer R extends Digits]
  ? Join<R, `${H}${Acc}`>
  : Acc

/** @internal */
export type StripZeros<S extends string> = S extends `0${infer R}` ? (R extends '' ? '0' : StripZeros<R>) : S extends '' ? '0' : S

/** @internal */
export type FromDigits<Ds extends Digits> = StripZeros<Join<Ds>> extends `${infer N extends number}` ? N : never

// Single-digit arithmetic by tuple lengths (values below 100, far from the tuple limit).
/** @internal */
export type Tuple<N extends number, R extends Array<unknown> = []> = R['length'] extends N ? R : Tuple<N, [...R, unknown]>
type Times<A extends number, B extends number, R extends Array<unknown> = [], I extends Array<unknown> = []> =
  I['length'] extends B ? R : Times<A, B, [...R, ...Tuple<A>], [...I, unknown]>
// A value below 100 split into [units digit, tens digit].
type Split<N extends number> = `${N}` extends `${infer T extends D}${infer U extends D}` ? [U, T] : [N & D, 0]
type SumDigit<A extends number, B extends number, C extends number> = Split<[...Tuple<A>, ...Tuple<B>, ...Tuple<C>]['length'] & number>
type MulDigit<A extends number, B extends number, C extends number> = Split<[...Times<A, B>, ...Tuple<C>]['length'] & number>

/** @internal */
export type AddDigits<X extends Digits, Y extends Digits, C extends D = 0> = X extends readonly [infer XH extends D, ...infer XR extends Digits]
  ? Y extends readonly [infer YH extends D, ...infer YR extends Digits]
    ? [SumDigit<XH, YH, C>[0], ...AddDigits<XR, YR, SumDigit<XH, YH, C>[1]>]
    : [SumDigit<XH, 0, C>[0], ...AddDigits<XR, [], SumDigit<XH, 0, C>[1]>]
  : Y extends readonly [unknown, ...Array<unknown>]
    ? AddDigits<Y, [], C>
    : C extends 0
      ? []
      : [C]

type ScaleDigits<X extends Digits, K extends D, C extends D = 0> = X extends readonly [infer H extends D, ...infer R extends Digits]
  ? [MulDigit<H, K, C>[0], ...ScaleDigits<R, K, MulDigit<H, K, C>[1]>]
  : C extends 0
    ? []
    : [C]

type MulDigits<X extends Digits, Y extends Digits> = Y extends readonly [infer H extends D, ...infer R extends Digits]
  ? AddDigits<ScaleDigits<X, H>, [0, ...MulDigits<X, R>]>
  : []
