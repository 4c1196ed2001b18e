import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/train/dataset.js'

const x = Tensor.generate([5, 2] as [number, 2], (i) => i)
const y = Tensor.generate([5, 1] as [number, 1], (i) => 10 * i)
const d = E.getOrElseW((e: _.StreamError) => expect.fail(e.message))(_.dataset({ x, y }))
const rowsOf = (bs: Iterable<_.BatchOf<{ x: typeof x; y: typeof y }>>) =>
  [...bs].map((b) => Tensor.toArray(b.y).map((v) => v / 10))
const right = <A>(r: E.Either<_.StreamError, A>): A => E.getOrElseW((e: _.StreamError) => expect.fail(e.message))(r)

describe('dataset', () => {
  describe('dataset', () => {
    it('should refuse tensors with different row counts, naming them', () => {
      expect(_.dataset({ x, y: Tensor.zeros([4, 1]) })).toEqual(
        E.left(_.streamError('dataset: expected y to have 5 rows like x, found 4'))
      )
      expect(_.dataset({})).toEqual(E.left(_.streamError('dataset: expected at least one tensor, found none')))
      expect(_.dataset({ x: Tensor.zeros([0, 2]) })).toEqual(
        E.left(_.streamError('dataset: expected at least one row, found 0'))
      )
    })
  })
  describe('batch', () => {
    it('should cut rows in order, keeping x and y together', () => {
      const bs = right(_.batch(2)(d))
      expect(rowsOf(bs)).toEqual([[0, 1], [2, 3], [4]])
      expect(Tensor.toNested([...bs][1]!.x)).toEqual([
        [4, 5],
        [6, 7]
      ])
      expect(rowsOf(right(_.batch(2, { dropLast: true })(d)))).toEqual([
        [0, 1],
        [2, 3]
      ])
      expect(rowsOf(right(_.batch(5)(d)))).toEqual([[0, 1, 2, 3, 4]])
    })
    it('should give the same batches when iterated twice', () => {
      const bs = right(_.batch(2)(_.shuffle(Random.key(3))(d)))
      expect(rowsOf(bs)).toEqual(rowsOf(bs))
    })
    it('should refuse a batch size of 0, a fraction, or more rows than the data', () => {
      expect(_.batch(0)(d)).toEqual(
        E.left(_.streamError('batch: expected a batch size that is a positive integer, found 0'))
      )
      expect(E.isLeft(_.batch(1.5)(d))).toBe(true)
      expect(_.batch(6)(d)).toEqual(
        E.left(_.streamError('batch: expected a batch size of at most 5 (the number of rows), found 6'))
      )
    })
  })
  describe('shuffle', () => {
    it('should permute rows by the key, the same for the same key', () => {
      const a = _.shuffle(Random.key(1))(d)
      expect([...a.order].sort()).toEqual([0, 1, 2, 3, 4])
      expect(a.order).toEqual(_.shuffle(Random.key(1))(d).order)
      expect(a.order).not.toEqual(_.shuffle(Random.key(2))(d).order)
      expect(d.order).toEqual(Int32Array.from([0, 1, 2, 3, 4]))
    })
    it('should permute the current order, not the rows afresh: order′[i] = order[p[i]]', () => {
      const once = _.shuffle(Random.key(1))(d)
      const twice = _.shuffle(Random.key(2))(once)
      const p = Random.permutation(Random.key(2), 5)
      expect([...twice.order]).toEqual([...p].map((i) => once.order[i]))
      expect(once.order).toEqual(_.shuffle(Random.key(1))(d).order)
    })
    it('should refuse a hand-made order shorter than its rows, naming the index it lacks', () => {
      expect(() => _.shuffle(Random.key(1))({ ...d, order: Int32Array.from([0, 1]) })).toThrow(/pick: expected an index in 0\.\.1, found [2-4] at position/)
    })
  })
  describe('epochs', () => {
    it('should give each epoch its own order, replayable from (key, epoch)', () => {
      const epoch = right(_.epochs(5)(d))
      const k = Random.key(9)
      expect(rowsOf(epoch(k, 0))).toEqual(rowsOf(epoch(k, 0)))
      expect(rowsOf(epoch(k, 0))).not.toEqual(rowsOf(epoch(k, 1)))
      expect(rowsOf(epoch(k, 2))[0]!.slice().sort()).toEqual([0, 1, 2, 3, 4])
    })
    it('should refuse a bad batch size at once', () => {
      expect(E.isLeft(_.epochs(0)(d))).toBe(true)
    })
  })
  it('fields should map every field, one named __proto__ too, into a plain object of the same names', () => {
    const x = Tensor.tensor([[1], [2], [3]]) as Tensor.Tensor<[number, 1]>
    const named = Object.defineProperty({ x }, '__proto__', { value: x, enumerable: true })
    const out = _.fields(named, (t) => Tensor.sliceRows(t, 1, 2))
    expect(Object.keys(out)).toEqual(['x', '__proto__'])
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.values(out).map((t) => Tensor.toArray(t))).toEqual([[2], [2]])
  })
})
