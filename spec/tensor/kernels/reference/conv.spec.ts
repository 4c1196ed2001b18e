import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/reference/conv.js'
import { windowOf } from '../../../../src/tensor/window.js'
import { seed } from '../../../support/gen.js'

describe('reference conv', () => {
  describe('referenceIm2col', () => {
    it('should lay out each 2×2 window of a padded 2×2 image with stride 2, zeros outside', () => {
      // x = [[1, 2], [3, 4]], padding 1 → the 4×4 image [[0,0,0,0],[0,1,2,0],[0,3,4,0],[0,0,0,0]]
      const w = windowOf([1, 1, 2, 2], { kernel: [2, 2], stride: [2, 2], padding: [1, 1] })
      const out = new Float32Array(4 * 4)
      _.referenceIm2col(new Float32Array([1, 2, 3, 4]), out, w)
      expect(Array.from(out)).toEqual([0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 0])
    })
    it('should put channels before the kernel offsets in a row, and images after each other', () => {
      const w = windowOf([2, 2, 1, 1], { kernel: [1, 1] })
      const out = new Float32Array(4)
      _.referenceIm2col(new Float32Array([1, 2, 3, 4]), out, w) // image 0: channels 1, 2; image 1: 3, 4
      expect(Array.from(out)).toEqual([1, 2, 3, 4])
    })
  })
  describe('referenceCol2im', () => {
    // ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩: col2im is the adjoint (the transpose of the linear map im2col).
    test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 1 })], { seed, numRuns: 40 })(
      'should be the adjoint of im2col',
      (size, kernel, stride, pad) => {
        fc.pre(size + 2 * pad >= kernel)
        const w = windowOf([2, 2, size, size + 1], { kernel: [kernel, kernel], stride: [stride, stride], padding: [pad, pad] })
        const nx = 2 * 2 * size * (size + 1)
        const nc = 2 * w.outH * w.outW * 2 * kernel * kernel
        const x = Float64Array.from({ length: nx }, (_v, i) => Math.sin(i + 1))
        const c = Float64Array.from({ length: nc }, (_v, i) => Math.cos(i))
        const [cols, back] = [new Float64Array(nc), new Float64Array(nx)]
        _.referenceIm2col(x, cols, w)
        _.referenceCol2im(c, back, w)
        const dot = (p: Float64Array, q: Float64Array): number => p.reduce((s, v, i) => s + v * q[i]!, 0)
        expect(dot(cols, c)).toBeCloseTo(dot(x, back), 10)
      }
    )
  })
})
