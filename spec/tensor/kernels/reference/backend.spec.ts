import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/reference/index.js'
import { opNames } from '../../../../src/tensor/kernels/kernels.js'

describe('reference backend', () => {
  it('should fill every operation of the seam itself', () => {
    for (const op of opNames) {
      expect(typeof _.reference[op]).toBe('function')
      expect(_.reference.providers[op]).toBe('reference')
    }
  })
  it('should compute the element-wise formulas on a worked example', () => {
    const out = new Float32Array(3)
    _.referenceRelu(new Float32Array([-1, 0, 2]), out)
    expect(Array.from(out)).toEqual([0, 0, 2])
    _.referenceReluGrad(new Float32Array([5, 6, 7]), new Float32Array([-1, 0, 2]), out)
    expect(Array.from(out)).toEqual([0, 0, 7])
    _.referenceAxpy(2, new Float32Array([1, 2, 3]), new Float32Array([10, 10, 10]), out)
    expect(Array.from(out)).toEqual([12, 14, 16])
    const sums = new Float32Array(3)
    _.referenceSumRows(new Float32Array([1, 2, 3, 4, 5, 6]), sums, 2, 3)
    expect(Array.from(sums)).toEqual([5, 7, 9])
  })
})
