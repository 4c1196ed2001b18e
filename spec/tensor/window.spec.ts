import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

describe('window', () => {
  describe('windowOf', () => {
    it('should compute the output size ⌊(H + 2p − k) / s⌋ + 1', () => {
      expect(_.windowOf([1, 1, 7, 6], { kernel: [3, 2], stride: [2, 3], padding: [1, 0] })).toMatchObject({ outH: 4, outW: 2 })
    })
    it('should stop with a shape error naming the window when it does not fit or a size is bad', () => {
      expect(() => _.windowOf([1, 1, 2, 2], { kernel: [3, 3] })).toThrow(/window: expected a 3×3 window to fit in the padded 2×2 image/)
      expect(() => _.windowOf([1, 1, 5, 5], { kernel: [0, 3] })).toThrow(/kernel and stride ≥ 1/)
      expect(() => _.windowOf([1, 1, 5, 5], { kernel: [2, 2], padding: [-1, 0] })).toThrow(/padding ≥ 0/)
    })
  })
  describe('im2col and col2im', () => {
    const x = _.generate([2, 3, 5, 4], (i) => Math.sin(i), 'float64')
    const options = { kernel: [3, 2], stride: [2, 1], padding: [1, 1] } as const
    it('should give the same values on every backend', () => {
      const ref = _.withKernels('reference', () => _.im2col(x, options))
      const fast = _.withKernels('auto', () => _.im2col(x, options))
      expect(ref.shape).toEqual([2 * 3 * 5, 3 * 3 * 2])
      expect(Array.from(fast.data)).toEqual(Array.from(ref.data))
    })
    it('should be adjoint: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩, and col2im should check the columns shape', () => {
      const cols = _.im2col(x, options)
      const c = _.generate([30, 18], (i) => Math.cos(i), 'float64')
      const back = _.col2im(c, [2, 3, 5, 4], options)
      expect(back.shape).toEqual([2, 3, 5, 4])
      expect(_.sum(_.mul(cols, c))).toBeCloseTo(_.sum(_.mul(x, back)), 10)
      expect(() => _.col2im(_.zeros([29, 18] as [number, number], 'float64'), [2, 3, 5, 4], options)).toThrow(/col2im: expected columns \[30, 18\]/)
    })
  })
})
