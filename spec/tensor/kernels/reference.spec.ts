import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/tensor/kernels/reference.js'

describe('reference', () => {
  describe('referenceGemm', () => {
    it('should compute the four layouts of a worked 2×2 example', () => {
      const a = new Float64Array([1, 2, 3, 4]) // [[1, 2], [3, 4]]
      const b = new Float64Array([5, 6, 7, 8]) // [[5, 6], [7, 8]]
      const run = (ta: boolean, tb: boolean): Array<number> => {
        const out = new Float64Array(4)
        _.referenceGemm(a, b, out, 2, 2, 2, ta, tb)
        return Array.from(out)
      }
      expect(run(false, false)).toEqual([19, 22, 43, 50]) // A·B
      expect(run(true, false)).toEqual([26, 30, 38, 44]) // Aᵀ·B
      expect(run(false, true)).toEqual([17, 23, 39, 53]) // A·Bᵀ
      expect(run(true, true)).toEqual([23, 31, 34, 46]) // Aᵀ·Bᵀ
    })
  })
})
