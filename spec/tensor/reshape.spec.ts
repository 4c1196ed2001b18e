import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

describe('reshape', () => {
  it('should keep row-major order', () => {
    const a = _.tensor([[1, 2, 3], [4, 5, 6]])
    const r = leavesInputsUnchanged([a], () => _.reshape(a, [3, 2]))
    expect(_.toNested(r)).toEqual([[1, 2], [3, 4], [5, 6]])
    expect(_.toNested(_.reshape(r, [2, 3]))).toEqual(_.toNested(a))
  })
  it('should flatten a batch of images', () => {
    expect(_.reshape(_.zeros([100, 784]), [78400]).shape).toEqual([78400])
  })
  it('should check number dimensions at run time', () => {
    const x = _.zeros([2, 3] as [number, number])
    expect(() => _.reshape(x, [7])).toThrow('reshape: expected a shape with 6 elements like [2, 3], found [7] with 7')
    expect(() => _.reshape(x, [-6])).toThrow('reshape: expected a non-negative dimension, got -6, found [-6]')
  })
})
