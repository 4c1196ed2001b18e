import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

const leftMessage = <A>(r: E.Either<_.ShapeError, A>): string => (E.isLeft(r) ? r.left.message : 'was a Right')

describe('tensor', () => {
  describe('fromArray', () => {
    it('should lay data out row-major and copy it', () => {
      const src = [1, 2, 3, 4, 5, 6]
      const t = E.getOrElseW(() => expect.fail('Left'))(_.fromArray([2, 3], src))
      src[0] = 99
      expect(_.toNested(t)).toEqual([[1, 2, 3], [4, 5, 6]])
      expect(t.dtype).toBe('float32')
    })
    it('should reject data of the wrong length, naming expected and found', () => {
      expect(leftMessage(_.fromArray([2, 3], [1, 2]))).toBe('fromArray: expected 6 values for shape [2, 3], found 2 values')
    })
    it('should reject non-finite, negative and fractional dimensions', () => {
      expect(leftMessage(_.fromArray([Infinity, 2], []))).toBe('fromArray: expected a finite dimension on axis 0, found [Infinity, 2]')
      expect(leftMessage(_.fromArray([NaN], []))).toBe('fromArray: expected a finite dimension on axis 0, found [NaN]')
      expect(leftMessage(_.fromArray([2, -1], []))).toBe('fromArray: expected a non-negative dimension on axis 1, found [2, -1]')
      expect(leftMessage(_.fromArray([1.5], [1]))).toBe('fromArray: expected an integer dimension on axis 0, found [1.5]')
    })
    it('should accept an empty tensor and a scalar shape', () => {
      expect(E.isRight(_.fromArray([0, 3], []))).toBe(true)
      expect(E.map(_.toNested)(_.fromArray([], [7]))).toEqual(E.right(7))
    })
    it('should store float64 exactly when asked', () => {
      const t = E.getOrElseW(() => expect.fail('Left'))(_.fromArray([1], [0.1], 'float64'))
      expect(t.data[0]).toBe(0.1)
      expect(t.data).toBeInstanceOf(Float64Array)
    })
  })

  describe('fromNested', () => {
    it('should infer the shape from nested arrays', () => {
      const t = E.getOrElseW(() => expect.fail('Left'))(_.fromNested([[[1], [2]], [[3], [4]]]))
      expect([...t.shape]).toEqual([2, 2, 1])
    })
    it('should reject ragged rows with their index', () => {
      expect(leftMessage(_.fromNested([[1, 2, 3], [4, 5]]))).toBe('fromNested: expected 3 elements at index [1], found 2')
      expect(leftMessage(_.fromNested([[1, 2], 3]))).toBe('fromNested: expected an array at index [1], found the number 3')
    })
  })

  describe('tensor', () => {
    it('should build from a literal and throw a RangeError on a ragged one', () => {
      expect(_.toNested(_.tensor([[1, 2], [3, 4]]))).toEqual([[1, 2], [3, 4]])
      expect(() => _.tensor([[1, 2], [3]] as ReadonlyArray<ReadonlyArray<number>>)).toThrow(RangeError)
    })
  })

  describe('constructors', () => {
    it('should make zeros, ones, fill, eye and scalar', () => {
      expect(_.toNested(_.zeros([2, 2]))).toEqual([[0, 0], [0, 0]])
      expect(_.toNested(_.ones([3]))).toEqual([1, 1, 1])
      expect(_.toNested(_.fill([2], 2.5))).toEqual([2.5, 2.5])
      expect(_.toNested(_.eye(3))).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
      expect(_.toNested(_.scalar(4))).toBe(4)
      expect(_.zeros([2], 'float64').data).toBeInstanceOf(Float64Array)
    })
    it('should give each tensor a frozen shape', () => {
      const t = _.zeros([2, 3])
      expect(Object.isFrozen(t.shape)).toBe(true)
    })
  })

  describe('produce', () => {
    it('should give a fresh tensor of the template shape and dtype, filled once', () => {
      const x = _.tensor([[1, 2], [3, 4]], 'float64')
      let calls = 0
      const y = leavesInputsUnchanged([x], () =>
        _.produce(x, (out) => {
          calls++
          for (let i = 0; i < out.length; i++) out[i] = x.data[i]! + 0.5
        })
      )
      expect(calls).toBe(1)
      expect(y.dtype).toBe('float64')
      expect(_.toNested(y)).toEqual([[1.5, 2.5], [3.5, 4.5]])
    })
  })

  describe('withShape', () => {
    it('should narrow a matching run-time shape and reject another', () => {
      const x = _.zeros([2, 784] as [number, number])
      expect(E.isRight(_.withShape(x, [2, 784]))).toBe(true)
      expect(leftMessage(_.withShape(x, [2, 100]))).toBe('withShape: expected [2, 100], found [2, 784]')
      expect(leftMessage(_.withShape(x, [2, 784, 1]))).toBe('withShape: expected [2, 784, 1], found [2, 784]')
    })
  })

  describe('astype', () => {
    it('should convert explicitly, rounding to float32', () => {
      const x = _.tensor([0.1], 'float64')
      const y = leavesInputsUnchanged([x], () => _.astype(x, 'float32'))
      expect(y.data[0]).toBe(Math.fround(0.1))
      expect(_.astype(y, 'float64').data).toBeInstanceOf(Float64Array)
    })
  })

  describe('show', () => {
    it('should render shape, dtype and rows', () => {
      expect(_.show(_.tensor([[1, 2], [3, 4]]))).toBe('Tensor [2, 2] float32\n[[1,2],[3,4]]')
    })
  })
})
