import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/tensor/index.js'

describe('select', () => {
  it('should switch backends, return the previous one, and give the same product', () => {
    const a = _.tensor([[1, 2, 3]])
    const b = _.tensor([[1], [2], [3]])
    const fast = _.matmul(a, b)
    const previous = _.useKernels(_.referenceKernels)
    try {
      expect(_.activeKernels().name).toBe('reference')
      expect(_.toNested(_.matmul(a, b))).toEqual(_.toNested(fast))
    } finally {
      _.useKernels(previous)
    }
    expect(_.activeKernels()).toBe(previous)
  })
})
