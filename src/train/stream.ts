/**
 * Stream combinators over `Iterable` and `AsyncIterable` alike (a file read in chunks is
 * async): `map`, `take`, and `rebatch`, which turns a stream of row chunks of any sizes into
 * batches of a fixed size. Each returns a new re-iterable stream: iterating it starts the source
 * again, so iterating twice gives the same items whenever the source does.
 *
 * A stream only learns that it is too short by ending, so `rebatch` reports a stream that ends
 * before its first batch as a `Left` item in the stream (never by throwing).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as T from '../tensor/index.js'
import type { BatchOf, BatchOptions, StreamError, Tensors } from './dataset.js'
import { checkSize, fields, streamError } from './dataset.js'
import type { AnyIterable } from './fold.js'
import { isAsync } from './fold.js'

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Apply `f` to every item (with its index).
 *
 * @example
 * import { Train } from 'kanzen'
 * assert.deepStrictEqual([...Train.map((x: number) => x * 2)([1, 2])], [2, 4])
 *
 * @category combinators
 * @since 0.1.0
 */
export function map<A, B>(
  f: (a: A, i: number) => B
): {
  (xs: Iterable<A>): Iterable<B>
  (xs: AsyncIterable<A>): AsyncIterable<B>
}
export function map<A, B>(f: (a: A, i: number) => B): (xs: never) => unknown {
  // Overloads above give the precise types; this signature only has to admit them.
  return (xs: AnyIterable<A>): AnyIterable<B> =>
    lift(
      xs,
      function* (it) {
        let i = 0
        for (const a of it) yield f(a, i++)
      },
      async function* (it) {
        let i = 0
        for await (const a of it) yield f(a, i++)
      }
    )
}

/**
 * The first `n` items (fewer if the stream is shorter).
 *
 * @example
 * import { Train } from 'kanzen'
 * assert.deepStrictEqual([...Train.take(2)([1, 2, 3])], [1, 2])
 *
 * @category combinators
 * @since 0.1.0
 */
export function take(n: number): {
  <A>(xs: Iterable<A>): Iterable<A>
  <A>(xs: AsyncIterable<A>): AsyncIterable<A>
}
export function take(n: number): (xs: never) => unknown {
  // Overloads above give the precise types; this signature only has to admit them.
  return <A>(xs: AnyIterable<A>): AnyIterable<A> =>
    lift(
      xs,
      function* (it) {
        if (n <= 0) return
        let i = 0
        for (const a of it) {
          yield a
          if (++i >= n) return
        }
      },
      async function* (it) {
        if (n <= 0) return
        let i = 0
        for await (const a of it) {
          yield a
          if (++i >= n) return
        }
      }
    )
}

/**
 * Batches of `size` rows from a stream of chunks (each a record of tensors sharing a row count,
 * like a dataset's tensors). Rows carry over chunk boundaries; the last batch is smaller unless
 * `dropLast`. A size that is not a positive integer is a `Left` at once; a stream that ends
 * before its first batch yields one `Left` item naming how many rows it had.
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const chunks = [{ x: Tensor.tensor([[1], [2], [3]]) }, { x: Tensor.tensor([[4]]) }]
 * const s = Train.rebatch(2)(chunks)
 * assert.ok(E.isRight(s))
 *
 * @category combinators
 * @since 0.1.0
 */
export function rebatch(
  size: number,
  options?: BatchOptions
): {
  <D extends Tensors>(chunks: Iterable<D>): E.Either<StreamError, Iterable<E.Either<StreamError, BatchOf<D>>>>
  <D extends Tensors>(chunks: AsyncIterable<D>): E.Either<StreamError, AsyncIterable<E.Either<StreamError, BatchOf<D>>>>
}
export function rebatch(size: number, options: BatchOptions = {}): (xs: never) => unknown {
  // Overloads above give the precise types; this signature only has to admit them.
  return <D extends Tensors>(
    chunks: AnyIterable<D>
  ): E.Either<StreamError, AnyIterable<E.Either<StreamError, BatchOf<D>>>> => {
    const bad = checkSize('rebatch', size, undefined)
    if (bad !== undefined) return E.left(bad)
    const dropLast = options.dropLast === true
    return E.right(
      lift(
        chunks,
        function* (it) {
          const acc = accumulator<D>(size, dropLast)
          for (const c of it) yield* acc.push(c)
          yield* acc.end()
        },
        async function* (it) {
          const acc = accumulator<D>(size, dropLast)
          for await (const c of it) yield* acc.push(c)
          yield* acc.end()
        }
      )
    )
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// A re-iterable stream of the same kind as `xs`, whose every iteration runs the generator anew.
const lift = <A, B>(
  xs: AnyIterable<A>,
  sync: (it: Iterable<A>) => Generator<B>,
  async: (it: AsyncIterable<A>) => AsyncGenerator<B>
): AnyIterable<B> => (isAsync(xs) ? { [Symbol.asyncIterator]: () => async(xs) } : { [Symbol.iterator]: () => sync(xs) })

// A chunk's tensor named k; every chunk of a stream has the same names (its type D says so).
const fieldOf = (c: Tensors, k: string): T.Tensor<T.RowShape, T.DType> =>
  c[k] ?? T.failShape('rebatch', `a tensor named ${k} in every chunk`, `a chunk with ${Object.keys(c).join(', ')}`)

// The rows waiting for a full batch. Its state is local to one iteration of the stream.
const accumulator = <D extends Tensors>(size: number, dropLast: boolean) => {
  let pending: D | undefined
  let seen = 0
  let emitted = 0
  const rowsOf = (c: D): number => Object.values(c)[0]?.shape[0] ?? 0
  return {
    *push(c: D): Generator<E.Either<StreamError, BatchOf<D>>> {
      seen += rowsOf(c)
      pending = pending === undefined ? c : fields<D>(pending, (t, k) => T.concatRows(t, fieldOf(c, k)))
      while (rowsOf(pending) >= size) {
        const p: D = pending
        yield E.right(fields<D, BatchOf<D>>(p, (t) => T.sliceRows(t, 0, size)))
        emitted++
        pending = fields<D>(p, (t) => T.sliceRows(t, size, t.shape[0]))
      }
    },
    *end(): Generator<E.Either<StreamError, BatchOf<D>>> {
      const rest = pending === undefined ? 0 : rowsOf(pending)
      if (pending !== undefined && rest > 0 && !dropLast) {
        emitted++
        // A chunk of a batch tensor is a batch of it (every field keeps its rows axis first).
        yield E.right(fields<D, BatchOf<D>>(pending, (t) => t))
      }
      if (emitted === 0)
        yield E.left(streamError(`rebatch: the stream ended after ${seen} rows, before its first batch of ${size}`))
    }
  }
}
