/**
 * Training as a fold. `fold(f, init)(xs)` is the left fold f(…f(f(init, x₀), x₁)…, xₙ₋₁);
 * `scan` yields every intermediate state (progress reporting consumes it); `foldEither` stops at
 * the first `Left` and hands back the last good state with the error (the non-finite guard).
 *
 * All three are data-last and work over an `Iterable` (giving a value) or an `AsyncIterable`
 * (giving a Promise), so a dataset read from a file in chunks trains exactly like one in memory.
 * Inside, a `for…of` loop updates a local accumulator (fp-ts's `scanLeft` pattern): the only
 * mutation is of a variable this function just made.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Either kind of stream. @category model @since 0.1.0 */
export type AnyIterable<A> = Iterable<A> | AsyncIterable<A>

/**
 * Why a guarded fold stopped: the error, the index of the item that caused it, and the last
 * state before it (everything learned up to there is kept).
 *
 * @category model
 * @since 0.1.0
 */
export interface Stopped<Err, S> {
  readonly error: Err
  readonly index: number
  readonly state: S
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The left fold of `f` over a stream, from `init`; `f` also receives the item's index.
 *
 * @example
 * import { Train } from 'kanzen'
 * assert.strictEqual(Train.fold((s: number, x: number) => s + x, 0)([1, 2, 3]), 6)
 *
 * @category combinators
 * @since 0.1.0
 */
export function fold<S, A>(
  f: (s: S, a: A, i: number) => S,
  init: S
): {
  (xs: Iterable<A>): S
  (xs: AsyncIterable<A>): Promise<S>
}
export function fold<S, A>(f: (s: S, a: A, i: number) => S, init: S): (xs: never) => unknown {
  // Overloads above give the precise types; this signature only has to admit them.
  return (xs: AnyIterable<A>): S | Promise<S> => {
    const r = foldEither<S, A, never>((s, a, i) => E.right(f(s, a, i)), init)
    return isAsync(xs) ? r(xs).then(rightOf) : rightOf(r(xs))
  }
}

/**
 * Every state of the fold after each item, lazily (the initial state is not repeated). The
 * result is re-iterable whenever the source is.
 *
 * @example
 * import { Train } from 'kanzen'
 * assert.deepStrictEqual([...Train.scan((s: number, x: number) => s + x, 0)([1, 2, 3])], [1, 3, 6])
 *
 * @category combinators
 * @since 0.1.0
 */
export function scan<S, A>(
  f: (s: S, a: A, i: number) => S,
  init: S
): {
  (xs: Iterable<A>): Iterable<S>
  (xs: AsyncIterable<A>): AsyncIterable<S>
}
export function scan<S, A>(f: (s: S, a: A, i: number) => S, init: S): (xs: never) => unknown {
  // Overloads above give the precise types; this signature only has to admit them.
  return (xs: AnyIterable<A>): Iterable<S> | AsyncIterable<S> =>
    isAsync(xs)
      ? {
          async *[Symbol.asyncIterator]() {
            let s = init
            let i = 0
            for await (const a of xs) yield (s = f(s, a, i++))
          }
        }
      : {
          *[Symbol.iterator]() {
            let s = init
            let i = 0
            for (const a of xs) yield (s = f(s, a, i++))
          }
        }
}

/**
 * A fold whose step may fail: the first `Left` stops it, returning the error, the failing
 * item's index and the last good state; otherwise the final state is a `Right`.
 *
 * @example
 * import { Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const f = (s: number, x: number) => (x < 0 ? E.left('negative') : E.right(s + x))
 * assert.deepStrictEqual(Train.foldEither(f, 0)([1, 2, -1, 4]), E.left({ error: 'negative', index: 2, state: 3 }))
 *
 * @category combinators
 * @since 0.1.0
 */
export function foldEither<S, A, Err>(
  f: (s: S, a: A, i: number) => E.Either<Err, S>,
  init: S
): {
  (xs: Iterable<A>): E.Either<Stopped<Err, S>, S>
  (xs: AsyncIterable<A>): Promise<E.Either<Stopped<Err, S>, S>>
}
export function foldEither<S, A, Err>(f: (s: S, a: A, i: number) => E.Either<Err, S>, init: S): (xs: never) => unknown {
  // Overloads above give the precise types; this signature only has to admit them.
  return (xs: AnyIterable<A>): E.Either<Stopped<Err, S>, S> | Promise<E.Either<Stopped<Err, S>, S>> =>
    isAsync(xs) ? foldEitherAsync(f, init, xs) : foldEitherSync(f, init, xs)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Whether a stream is asynchronous (has `Symbol.asyncIterator`).
 *
 * @example
 * import { Train } from 'kanzen'
 * assert.strictEqual(Train.isAsync([1, 2]), false)
 *
 * @category utils
 * @since 0.1.0
 */
export const isAsync = <A>(xs: AnyIterable<A>): xs is AsyncIterable<A> => Symbol.asyncIterator in xs

const foldEitherSync = <S, A, Err>(
  f: (s: S, a: A, i: number) => E.Either<Err, S>,
  init: S,
  xs: Iterable<A>
): E.Either<Stopped<Err, S>, S> => {
  let s = init
  let i = 0
  for (const a of xs) {
    const r = f(s, a, i)
    if (E.isLeft(r)) return E.left({ error: r.left, index: i, state: s })
    s = r.right
    i++
  }
  return E.right(s)
}

const foldEitherAsync = async <S, A, Err>(
  f: (s: S, a: A, i: number) => E.Either<Err, S>,
  init: S,
  xs: AsyncIterable<A>
): Promise<E.Either<Stopped<Err, S>, S>> => {
  let s = init
  let i = 0
  for await (const a of xs) {
    const r = f(s, a, i)
    if (E.isLeft(r)) return E.left({ error: r.left, index: i, state: s })
    s = r.right
    i++
  }
  return E.right(s)
}

// A fold whose step never fails always ends in a Right.
const rightOf = <S>(r: E.Either<Stopped<never, S>, S>): S => (E.isRight(r) ? r.right : r.left.state)
