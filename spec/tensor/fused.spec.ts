import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

// Seeded values with zeros, negatives and a wide range, in both dtypes.
const values = (n: number, seed: number): Array<number> =>
  Array.from({ length: n }, (_x, i) => (i % 7 === 0 ? 0 : Math.sin(seed * 131 + i * 17.3) * 10 ** ((i % 5) - 2)))
const pair = <D extends _.DType>(dtype: D, n = 257) =>
  [_.fromValues([n], values(n, 1), dtype), _.fromValues([n], values(n, 2).map(Math.abs), dtype)] as const

// The loops these kernels replaced (optimizers and losses), written out as they were: the kernels
// must give the same bits.
const loop = <D extends _.DType>(like: _.Tensor<[number], D>, f: (i: number) => number): _.Tensor<[number], D> =>
  _.generate(like.shape, f, like.dtype)

describe('fused kernels', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const [x, y] = pair(dtype)
    const at = (t: _.AnyTensor, i: number): number => _.at(t.data, i)
    it(`should compute a·x + b·y and a·x + b·y² bit for bit as the loops they replaced (${dtype})`, () => {
      const [b1, b2] = [0.9, 0.999]
      expect(_.toArray(leavesInputsUnchanged([x, y], () => _.axpby(b1, x, 1 - b1, y)))).toEqual(
        _.toArray(loop(x, (i) => b1 * at(x, i) + (1 - b1) * at(y, i)))
      )
      expect(_.toArray(_.axpby(1, y, 0.9, x))).toEqual(_.toArray(loop(x, (i) => at(y, i) + 0.9 * at(x, i))))
      expect(_.toArray(leavesInputsUnchanged([x, y], () => _.axpbySquare(b2, y, 1 - b2, x)))).toEqual(
        _.toArray(loop(x, (i) => b2 * at(y, i) + (1 - b2) * at(x, i) * at(x, i)))
      )
    })
    it(`should compute Adam's bias-corrected ratio, 0 where it is 0/0 (${dtype})`, () => {
      const [c1, c2, eps] = [1 - 0.9 ** 3, 1 - 0.999 ** 3, 1e-8]
      const divide = (p: number, q: number): number => (q === 0 ? 0 : p / q)
      expect(_.toArray(leavesInputsUnchanged([x, y], () => _.biasCorrectedRatio(x, y, c1, c2, eps)))).toEqual(
        _.toArray(loop(x, (i) => divide(at(x, i) / c1, Math.sqrt(at(y, i) / c2) + eps)))
      )
      const zero = _.zeros([2], dtype)
      expect(_.toArray(_.biasCorrectedRatio(zero, zero, c1, c2, 0))).toEqual([0, 0])
      expect(Number.isNaN(_.biasCorrectedRatio(_.fill([1], NaN, dtype), _.ones([1], dtype), 1, 1, 0).data[0])).toBe(true)
    })
    it(`should sum squares, squared errors and the logistic loss in double precision, in index order (${dtype})`, () => {
      let squares = 0.5
      for (let i = 0; i < x.size; i++) squares += at(x, i) * at(x, i)
      expect(_.sumOfSquares(x, 0.5)).toBe(squares)
      let se = 0
      for (let i = 0; i < x.size; i++) se += (at(x, i) - at(y, i)) ** 2
      expect(_.sumSquaredError(x, y)).toBe(se)
      const t = _.fromValues([x.size], values(x.size, 3).map((v) => +(v > 0)), dtype)
      let bce = 0
      for (let i = 0; i < x.size; i++) bce += Math.max(at(x, i), 0) - at(x, i) * at(t, i) + Math.log1p(Math.exp(-Math.abs(at(x, i))))
      expect(_.sumLogisticLoss(x, t)).toBe(bce)
    })
  }
  it('should give cross-entropy and its gradient from log-probabilities, for class indices and for rows alike', () => {
    const logits = _.fromValues([3, 4], values(12, 4), 'float64')
    const logY = _.logSoftmax(logits)
    const labels = [2, 0, 3]
    const rows = _.fromValues([3, 4], Array.from({ length: 12 }, (_x, i) => +(labels[Math.floor(i / 4)] === i % 4)), 'float64')
    const byIndex = leavesInputsUnchanged([logY], () => _.crossEntropyOfLogProbs(logY, labels))
    const byRow = _.crossEntropyOfLogProbs(logY, rows)
    const expected = -labels.reduce((s, c, b) => s + _.at(logY.data, b * 4 + c), 0) / 3
    expect(byIndex.value).toBeCloseTo(expected, 14)
    expect(byRow.value).toBe(byIndex.value)
    expect(_.toArray(byRow.grad)).toEqual(_.toArray(byIndex.grad))
    // (Y − T) / B for one-hot rows
    const y = _.softmax(logits)
    _.toArray(byIndex.grad).forEach((g, i) => expect(g).toBeCloseTo((_.at(y.data, i) - _.at(rows.data, i)) / 3, 14))
  })
  it('should skip targets of 0, so that an underflowed log-probability (−∞) never gives NaN', () => {
    const logY = _.tensor([[0, -Infinity]], 'float64')
    expect(_.crossEntropyOfLogProbs(logY, [0]).value).toBe(0)
  })
  it('should let a class index that is no column (a fraction, out of range, NaN) match no column, on every backend', () => {
    const logY = _.logSoftmax(_.tensor([[1, 2], [3, 0], [0, 0], [2, 2]], 'float64'))
    for (const kernels of ['reference', 'native'] as const) {
      const { value, grad } = _.withKernels(kernels, () => _.crossEntropyOfLogProbs(logY, [1.5, 7, Number.NaN, 1]))
      // Only the last row counts: L = −logY[3][1] / 4; the other rows have Σ t = 0, so a zero gradient.
      expect(value).toBeCloseTo(-_.at(logY.data, 7) / 4, 14)
      expect(_.toArray(grad).slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0])
      expect(_.toArray(grad).slice(6)).toEqual([Math.exp(_.at(logY.data, 6)) / 4, (Math.exp(_.at(logY.data, 7)) - 1) / 4].map((g) => expect.closeTo(g, 14)))
    }
  })
  it('should refuse operands that do not fit', () => {
    const [a, b] = [_.zeros([2] as [number]), _.zeros([3] as [number])]
    expect(() => _.axpby(1, a, 1, b)).toThrow('axpby: expected equal shapes, found [2] and [3]')
    expect(() => _.sumSquaredError(a, b)).toThrow('sumSquaredError: expected equal shapes, found [2] and [3]')
    expect(() => _.crossEntropyOfLogProbs(_.zeros([2, 3]), [0])).toThrow('crossEntropyOfLogProbs: expected 2 class indices, found 1')
  })
})
