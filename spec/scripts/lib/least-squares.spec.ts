import { describe, expect, it } from 'vitest'
import { Tensor } from '../../../src/index.js'
import * as _ from '../../../scripts/lib/least-squares.js'

describe('least-squares', () => {
  it('should recover an exact linear relation y = 2·x₁ − 3·x₂ + 5', () => {
    const rows = [[1, 2], [2, 1], [3, 5], [4, 4], [0, 1], [2, 7]]
    const x = Tensor.tensor(rows, 'float64') as Tensor.Tensor<[number, number], 'float64'>
    const y = rows.map(([a, b]) => 2 * a! - 3 * b! + 5)
    const m = _.fitLeastSquares(x, y)
    if (typeof m === 'string') return expect.fail(m)
    expect(m.beta[0]).toBeCloseTo(2, 10)
    expect(m.beta[1]).toBeCloseTo(-3, 10)
    expect(m.intercept).toBeCloseTo(5, 10)
    expect(Array.from(_.predictLinear(m, x))).toEqual(y.map((v) => expect.closeTo(v, 9)))
  })
  it('should match the hand-worked fit of y on x for (0,1), (1,3), (2,4): slope 1.5, intercept 7/6', () => {
    const m = _.fitLeastSquares(Tensor.tensor([[0], [1], [2]], 'float64') as Tensor.Tensor<[number, number], 'float64'>, [1, 3, 4])
    if (typeof m === 'string') return expect.fail(m)
    expect(m.beta[0]).toBeCloseTo(1.5, 12)
    expect(m.intercept).toBeCloseTo(7 / 6, 12)
  })
  it('should leave out a constant column and still fit exactly', () => {
    const r = _.fitLeastSquares(Tensor.tensor([[1, 0], [1, 1], [1, 2]], 'float64') as Tensor.Tensor<[number, number], 'float64'>, [1, 3, 5])
    if (typeof r === 'string') return expect.fail(r)
    expect(r.dependent).toEqual([0])
    expect(r.beta[0]).toBe(0)
    expect(r.beta[1]).toBeCloseTo(2, 12)
    expect(r.intercept).toBeCloseTo(1, 12)
  })
  it('should leave out one of a set of one-hot columns that sum to 1 (collinear with the intercept)', () => {
    const rows = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    const y = [1, 2, 4, 1, 2, 4]
    const r = _.fitLeastSquares(Tensor.tensor(rows, 'float64') as Tensor.Tensor<[number, number], 'float64'>, y)
    if (typeof r === 'string') return expect.fail(r)
    expect(r.dependent).toEqual([2])
    const x = Tensor.tensor(rows, 'float64') as Tensor.Tensor<[number, number], 'float64'>
    expect(Array.from(_.predictLinear(r, x))).toEqual(y.map((v) => expect.closeTo(v, 9)))
  })
  it('should refuse targets that do not match the rows', () => {
    expect(_.fitLeastSquares(Tensor.tensor([[1]], 'float64') as Tensor.Tensor<[number, number], 'float64'>, [1, 2])).toBe('least squares: expected as many targets as rows (1), found 2')
  })
})
