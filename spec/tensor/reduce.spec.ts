import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

const a = _.tensor([[1, 2, 3], [4, 5, 6]])

describe('reduce', () => {
  it('should sum over axis 0, axis 1 and everything', () => {
    expect(_.toArray(leavesInputsUnchanged([a], () => _.sum(a, 0)))).toEqual([5, 7, 9])
    expect(_.toArray(leavesInputsUnchanged([a], () => _.sum(a, 1)))).toEqual([6, 15])
    expect(leavesInputsUnchanged([a], () => _.sum(a))).toBe(21)
  })
  it('should agree between axes: Σ of column sums = Σ of row sums = total', () => {
    expect(_.sum(_.sum(a, 0))).toBe(_.sum(a))
    expect(_.sum(_.sum(a, 1))).toBe(_.sum(a))
  })
  it('should take means', () => {
    expect(_.toArray(leavesInputsUnchanged([a], () => _.mean(a, 0)))).toEqual([2.5, 3.5, 4.5])
    expect(_.toArray(leavesInputsUnchanged([a], () => _.mean(a, 1)))).toEqual([2, 5])
    expect(_.mean(a)).toBe(3.5)
  })
  it('should find the first largest index per row', () => {
    const p = _.tensor([[0.1, 0.7, 0.2], [0.5, 0.5, 0.1], [-3, -1, -2]])
    expect(Array.from(leavesInputsUnchanged([p], () => _.argmax(p)))).toEqual([1, 0, 1])
  })
})
