import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { expectClose } from '../support/approx.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

const a = _.tensor([[1, -2], [3, 4]])
const b = _.tensor([[2, 2], [-1, 8]])

describe('elementwise', () => {
  it('should add, sub, mul and div element by element', () => {
    expect(_.toNested(leavesInputsUnchanged([a, b], () => _.add(a, b)))).toEqual([[3, 0], [2, 12]])
    expect(_.toNested(leavesInputsUnchanged([a, b], () => _.sub(a, b)))).toEqual([[-1, -4], [4, -4]])
    expect(_.toNested(leavesInputsUnchanged([a, b], () => _.mul(a, b)))).toEqual([[2, -4], [-3, 32]])
    expect(_.toNested(leavesInputsUnchanged([a, b], () => _.div(a, b)))).toEqual([[0.5, -1], [-3, 0.5]])
  })
  it('should obey a − b + b = a and a ⊙ 1 = a', () => {
    expectClose(_.add(_.sub(a, b), b), a)
    expectClose(_.mul(a, _.ones([2, 2])), a)
  })
  it('should add a bias row to every row', () => {
    const bias = _.tensor([10, 20])
    expect(_.toNested(leavesInputsUnchanged([a, bias], () => _.addRow(a, bias)))).toEqual([[11, 18], [13, 24]])
  })
  it('should scale, map and zipWith', () => {
    expect(_.toNested(leavesInputsUnchanged([a], () => _.scale(a, -2)))).toEqual([[-2, 4], [-6, -8]])
    expect(_.toNested(leavesInputsUnchanged([a], () => _.map(a, (x) => x * x)))).toEqual([[1, 4], [9, 16]])
    expect(_.toNested(leavesInputsUnchanged([a, b], () => _.zipWith(a, b, Math.min)))).toEqual([[1, -2], [-1, 4]])
  })
  it('should compute exp, log, sqrt and relu', () => {
    const x = _.tensor([0, 1, 4], 'float64')
    expect(_.toArray(leavesInputsUnchanged([x], () => _.exp(x)))).toEqual([1, Math.E, Math.exp(4)])
    expect(_.toArray(leavesInputsUnchanged([x], () => _.log(x)))).toEqual([-Infinity, 0, Math.log(4)])
    expect(_.toArray(leavesInputsUnchanged([x], () => _.sqrt(x)))).toEqual([0, 1, 2])
    expect(_.toNested(leavesInputsUnchanged([a], () => _.relu(a)))).toEqual([[1, 0], [3, 4]])
  })
  it('should pass a gradient through where the ReLU input was positive (reluGrad), as zipWith would', () => {
    const d = _.tensor([[1, 2], [3, 4]])
    expect(_.toNested(leavesInputsUnchanged([d, a], () => _.reluGrad(d, a)))).toEqual([[1, 0], [3, 4]])
    expect(_.toNested(_.reluGrad(d, a))).toEqual(_.toNested(_.zipWith(d, a, (g, x) => (x > 0 ? g : 0))))
    expect(() => _.reluGrad(_.zeros([2] as [number]), _.zeros([3] as [number]))).toThrow('reluGrad: expected equal shapes, found [2] and [3]')
  })
  it('should compute axpy byte for byte as add(y, scale(x, α)), in float32 and float64', () => {
    // Random-looking values whose products need rounding: a fused α·x + y in float64 would differ from the two passes.
    for (const dtype of ['float32', 'float64'] as const) {
      const x = _.generate([4096], (i) => Math.sin(i * 12.9898) * 43.758, dtype)
      const y = _.generate([4096], (i) => Math.cos(i * 78.233) * 1.7, dtype)
      for (const alpha of [-0.1, 0.05, -1 / 3]) {
        const fused = leavesInputsUnchanged([x, y], () => _.axpy(alpha, x, y))
        expect(Array.from(fused.data)).toEqual(Array.from(_.add(y, _.scale(x, alpha)).data))
      }
    }
  })
  it('should stop with both shapes when number dimensions disagree', () => {
    const x = _.zeros([2, 3] as [number, number])
    const y = _.zeros([3, 2] as [number, number])
    expect(() => _.add(x, y)).toThrow('add: expected equal shapes, found [2, 3] and [3, 2]')
    expect(() => _.addRow(x, _.zeros([2] as [number]))).toThrow('addRow: expected a row of width 3 for [2, 3], found [2]')
  })
})
