import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scale.js'
import { updates, vec } from './helpers.js'

describe('scale', () => {
  describe('scale', () => {
    it('should multiply every gradient by k, sign included', () => {
      expect(updates(_.scale(-2), vec([0, 0]), [vec([1.5, -3])])).toEqual([[-3, 6]])
    })
    it('should keep no state', () => {
      const tx = _.scale(3)
      expect(tx.init(vec([1]))).toEqual({})
    })
    it('should reject a non-finite k', () => {
      expect(() => _.scale(Number.NaN)).toThrow('scale: expected k a finite number, found NaN')
    })
  })
})
