import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scale-by-rms.js'
import { expectNumbers, updates, vec } from './helpers.js'

describe('scale-by-rms', () => {
  describe('scaleByRms', () => {
    it('should divide by the root of a moving average of squares (hand-worked, ρ = 0.75, ε = 0)', () => {
      // ν₁ = 0.25·9 = 2.25, u₁ = 3/1.5 = 2; ν₂ = 0.75·2.25 + 0.25·1 = 1.9375, u₂ = −1/√1.9375 = −0.718421208…
      const us = updates(_.scaleByRms({ decay: 0.75, eps: 0 }), vec([0]), [vec([3]), vec([-1])])
      expectNumbers(us.flat(), [2, -1 / Math.sqrt(1.9375)])
    })
    it('should start from initialScale', () => {
      // ν₁ = 0.5·1 + 0.5·1 = 1, u₁ = 1
      expect(updates(_.scaleByRms({ decay: 0.5, eps: 0, initialScale: 1 }), vec([0]), [vec([1])])).toEqual([[1]])
    })
    it('should give 0, not NaN, for a zero gradient with ε = 0', () => {
      expect(updates(_.scaleByRms({ eps: 0 }), vec([0]), [vec([0])])).toEqual([[0]])
    })
    it('should let a NaN gradient through, so it is seen', () => {
      expect(Number.isNaN(updates(_.scaleByRms(), vec([0]), [vec([Number.NaN])])[0]![0])).toBe(true)
    })
  })
})
