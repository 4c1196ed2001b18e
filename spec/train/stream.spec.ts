import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import type { StreamError } from '../../src/train/index.js'
import * as _ from '../../src/train/stream.js'

type Chunk = { readonly x: Tensor.Tensor<[number, 1]> }
const chunk = (...v: ReadonlyArray<number>): Chunk => ({
  x: Tensor.generate([v.length, 1] as [number, 1], (i) => v[i]!)
})
// A source read in chunks, like a file: every iteration starts reading again.
const file = (chunks: ReadonlyArray<Chunk>): AsyncIterable<Chunk> => ({
  async *[Symbol.asyncIterator]() {
    for (const c of chunks) yield await Promise.resolve(c)
  }
})
const collect = async <A>(xs: AsyncIterable<A>): Promise<Array<A>> => {
  const out: Array<A> = []
  for await (const x of xs) out.push(x)
  return out
}
const show = (items: ReadonlyArray<E.Either<StreamError, Chunk>>) =>
  items.map(
    E.match(
      (e) => e.message,
      (b) => Tensor.toArray(b.x).join(',')
    )
  )

describe('stream', () => {
  describe('map', () => {
    it('should map sync and async streams and stay re-iterable', async () => {
      const m = _.map((x: number, i) => x * 10 + i)([1, 2])
      expect([...m]).toEqual([10, 21])
      expect([...m]).toEqual([10, 21])
      async function* g() {
        yield 1
        yield 2
      }
      expect(await collect(_.map((x: number) => -x)({ [Symbol.asyncIterator]: g }))).toEqual([-1, -2])
    })
  })
  describe('take', () => {
    it('should take at most n items without reading further', () => {
      let pulled = 0
      const src = {
        *[Symbol.iterator]() {
          for (let i = 0; ; i++) (pulled++, yield i)
        }
      }
      expect([..._.take(3)(src)]).toEqual([0, 1, 2])
      expect(pulled).toBe(3)
      expect([..._.take(0)([1])]).toEqual([])
      expect([..._.take(5)([1])]).toEqual([1])
    })
  })
  describe('rebatch', () => {
    const right = <A>(r: E.Either<StreamError, A>): A => E.getOrElseW((e: StreamError) => expect.fail(e.message))(r)
    it('should carry rows across chunk boundaries', async () => {
      const s = right(_.rebatch(2)(file([chunk(1, 2, 3), chunk(4), chunk(5, 6, 7)])))
      expect(show(await collect(s))).toEqual(['1,2', '3,4', '5,6', '7'])
      expect(show(await collect(s))).toEqual(['1,2', '3,4', '5,6', '7'])
      expect(show([...right(_.rebatch(3, { dropLast: true })([chunk(1, 2), chunk(3, 4)]))])).toEqual(['1,2,3'])
    })
    it('should report a stream that ends before its first batch', async () => {
      const s = right(_.rebatch(4, { dropLast: true })(file([chunk(1, 2), chunk(3)])))
      expect(show(await collect(s))).toEqual(['rebatch: the stream ended after 3 rows, before its first batch of 4'])
      expect(show([...right(_.rebatch(4)([]))])).toEqual([
        'rebatch: the stream ended after 0 rows, before its first batch of 4'
      ])
    })
    it('should refuse a batch size of 0 at once', () => {
      expect(_.rebatch(0)([chunk(1)])).toEqual(
        E.left({ _tag: 'StreamError', message: 'rebatch: expected a batch size that is a positive integer, found 0' })
      )
    })
  })
})
