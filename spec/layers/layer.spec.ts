import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

describe('layer', () => {
  describe('requireRows', () => {
    it('should accept a batch of rows of the layer shape and dtype, of any batch size', () => {
      expect(() => _.requireRows('l', [3], 'float32', Tensor.zeros([7, 3]))).not.toThrow()
      expect(() => _.requireRows('l', [2, 2], 'float64', Tensor.zeros([0, 2, 2], 'float64'))).not.toThrow()
    })
    it('should name the layer and both shapes otherwise', () => {
      const r = Tensor.attempt(() => _.requireRows('dense(784→100)', [784], 'float32', Tensor.zeros([2, 50])))
      expect(E.isLeft(r) && r.left.message).toBe('dense(784→100): expected [B, 784] float32, found [2, 50] float32')
      expect(() => _.requireRows('l', [3], 'float32', Tensor.zeros([2, 3], 'float64'))).toThrow('l: expected [B, 3] float32, found [2, 3] float64')
      expect(() => _.requireRows('l', [3], 'float32', Tensor.zeros([3]))).toThrow('l: expected [B, 3] float32, found [3] float32')
    })
  })
  describe('showRows', () => {
    it('should write the batch axis as B', () => {
      expect(_.showRows([28, 28])).toBe('[B, 28, 28]')
    })
  })
  describe('evalCtx / trainCtx', () => {
    it('should carry the mode and key', () => {
      expect(_.evalCtx.mode).toBe('eval')
      expect(_.trainCtx(Random.key(4))).toEqual({ key: Random.key(4), mode: 'train' })
    })
  })
})
