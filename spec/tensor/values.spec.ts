import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

describe('values', () => {
  it('should read an element in range, of any array', () => {
    expect(_.at(Float64Array.of(1.5, 2), 1)).toBe(2)
    expect(_.at([undefined, 'b'], 0)).toBeUndefined()
    expect(_.at('xyz', 2)).toBe('z')
  })
  it.each([-1, 3, 0.5, NaN])('should stop with a RangeError at index %s of three elements', (i) => {
    expect(() => _.at([1, 2, 3], i)).toThrow(new RangeError(`at: expected an index in 0..2, found ${i}`))
  })
  it('should build a tensor from flat values, optionally through f, with the shape typed from the literal', () => {
    const t: _.Tensor<[number, 2]> = _.fromValues([2 as number, 2], [1, 2, 3, 4])
    expect(_.toNested(t)).toEqual([[1, 2], [3, 4]])
    expect(_.fromValues([3], Uint8Array.of(0, 51, 255), 'float64', (v) => v / 255).data).toEqual(Float64Array.of(0, 0.2, 1))
    expect(_.fromValues([2], [1, 2]).dtype).toBe('float32')
  })
  it('should round to float32 once, as generate does', () => {
    const xs = [0.1, 1 / 3, Math.PI]
    expect(_.toArray(_.fromValues([3], xs, 'float32', (v) => v / 7))).toEqual(_.toArray(_.generate([3], (i) => _.at(xs, i) / 7)))
  })
  it('should refuse values that do not fit the shape', () => {
    expect(() => _.fromValues([2, 2], [1, 2, 3])).toThrow('fromValues: expected 4 values for shape [2, 2], found 3 values')
  })
  it('should tell a matrix from other ranks', () => {
    expect([_.isMatrix(_.zeros([2, 3])), _.isMatrix(_.zeros([6])), _.isMatrix(_.zeros([1, 2, 3]))]).toEqual([true, false, false])
  })
  it('should swap as Fisher–Yates does, from the last element down, and refuse a draw out of range', () => {
    // [0, 1, 2, 3]: swap 3↔1 → [0, 3, 2, 1]; swap 2↔2; swap 1↔0 → [3, 0, 2, 1]
    expect(Array.from(_.fisherYates(Int32Array.of(9, 0, 2, 1)))).toEqual([3, 0, 2, 1])
    expect(Array.from(_.fisherYates(new Int32Array(0)))).toEqual([])
    expect(() => _.fisherYates(Int32Array.of(0, 2))).toThrow('fisherYates: expected a draw in 0..1 at 1, found 2')
  })
  it('should pick values by index, repeats allowed, into a fresh array, and refuse an index outside', () => {
    const values = Int32Array.of(10, 11, 12, 13)
    const indices = Int32Array.of(3, 3, 0, 2)
    const out = _.pick(values, indices)
    expect(Array.from(out)).toEqual([13, 13, 10, 12])
    expect([out === indices, out === values, Array.from(values), Array.from(indices)]).toEqual([false, false, [10, 11, 12, 13], [3, 3, 0, 2]])
    expect(Array.from(_.pick(values, new Int32Array(0)))).toEqual([])
    expect(() => _.pick(values, Int32Array.of(0, 4))).toThrow('pick: expected an index in 0..3, found 4 at position 1')
    expect(() => _.pick(values, Int32Array.of(-1))).toThrow('pick: expected an index in 0..3, found -1 at position 0')
  })
})
