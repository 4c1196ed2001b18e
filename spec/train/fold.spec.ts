import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/train/fold.js'

const add = (s: number, x: number) => s + x
async function* asyncOf<A>(xs: ReadonlyArray<A>) {
  for (const x of xs) yield x
}
const asyncIterable = <A>(xs: ReadonlyArray<A>): AsyncIterable<A> => ({ [Symbol.asyncIterator]: () => asyncOf(xs) })

describe('fold', () => {
  describe('fold', () => {
    it('should be the left fold, with indices', () => {
      expect(_.fold(add, 0)([1, 2, 3])).toBe(6)
      expect(_.fold((s: string, x: string, i) => s + x + i, '')(['a', 'b'])).toBe('a0b1')
      expect(_.fold(add, 5)([])).toBe(5)
    })
    it('should fold an async stream into a Promise', async () => {
      await expect(_.fold(add, 0)(asyncIterable([1, 2, 3]))).resolves.toBe(6)
    })
  })
  describe('scan', () => {
    it('should yield every intermediate state, and again when iterated twice', () => {
      const s = _.scan(add, 0)([1, 2, 3])
      expect([...s]).toEqual([1, 3, 6])
      expect([...s]).toEqual([1, 3, 6])
    })
    it('should scan an async stream', async () => {
      const out: Array<number> = []
      for await (const s of _.scan(add, 0)(asyncIterable([1, 2, 3]))) out.push(s)
      expect(out).toEqual([1, 3, 6])
    })
    it('should end with the value of fold', () => {
      const xs = [3, 1, 4, 1, 5]
      expect([..._.scan(add, 0)(xs)].at(-1)).toBe(_.fold(add, 0)(xs))
    })
  })
  describe('foldEither', () => {
    const f = (s: number, x: number) => (x < 0 ? E.left(`negative ${x}`) : E.right(s + x))
    it('should stop at the first Left with its index and the last good state', () => {
      expect(_.foldEither(f, 0)([1, 2, -1, 4, -5])).toEqual(E.left({ error: 'negative -1', index: 2, state: 3 }))
      expect(_.foldEither(f, 0)([1, 2])).toEqual(E.right(3))
    })
    it('should do the same over an async stream', async () => {
      await expect(_.foldEither(f, 0)(asyncIterable([1, -2]))).resolves.toEqual(
        E.left({ error: 'negative -2', index: 1, state: 1 })
      )
    })
  })
})
