import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/reference/gemm.js'

describe('reference', () => {
  describe('referenceGemm', () => {
    const a = new Float64Array([1, 2, 3, 4]) // [[1, 2], [3, 4]]
    const b = new Float64Array([5, 6, 7, 8]) // [[5, 6], [7, 8]]
    const run = (transA: boolean, transB: boolean, epilogue = {}): Array<number> => {
      const out = new Float64Array(4)
      _.referenceGemm(a, b, out, { m: 2, k: 2, n: 2, transA, transB, ...epilogue })
      return Array.from(out)
    }
    it('should compute the four layouts of a worked 2×2 example', () => {
      expect(run(false, false)).toEqual([19, 22, 43, 50]) // A·B
      expect(run(true, false)).toEqual([26, 30, 38, 44]) // Aᵀ·B
      expect(run(false, true)).toEqual([17, 23, 39, 53]) // A·Bᵀ
      expect(run(true, true)).toEqual([23, 31, 34, 46]) // Aᵀ·Bᵀ
    })
    it('should add the bias row, then apply ReLU, after the product', () => {
      expect(run(false, false, { bias: new Float64Array([-20, 1]) })).toEqual([-1, 23, 23, 51])
      expect(run(false, false, { bias: new Float64Array([-20, 1]), relu: true })).toEqual([0, 23, 23, 51])
    })
  })
})
