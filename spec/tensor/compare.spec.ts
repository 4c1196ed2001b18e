import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

describe('compare', () => {
  it('should accept values within atol + rtol·|b| and nothing else', () => {
    expect(_.allClose(_.tensor([1, 100]), _.tensor([1.000001, 100.0001]))).toBe(true)
    expect(_.allClose(_.tensor([1]), _.tensor([1.1]), { rtol: 0.2 })).toBe(true)
    expect(_.allClose(_.tensor([1]), _.tensor([1.1]))).toBe(false)
    expect(_.allClose(_.tensor([NaN]), _.tensor([NaN]))).toBe(false)
    expect(_.allClose(_.zeros([2, 3]) as _.Tensor<[number, number]>, _.zeros([3, 2]))).toBe(false)
  })
  it('should compare across dtypes', () => {
    expect(_.allClose(_.tensor([0.1]), _.tensor([0.1], 'float64'))).toBe(true)
  })
})
