import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scale-by-momentum.js'
import { expectNumbers, updates, vec } from './helpers.js'

describe('scale-by-momentum', () => {
  describe('scaleByMomentum', () => {
    it('should accumulate the trace v′ = g + β·v (hand-worked, β = 0.5)', () => {
      // v₁ = [1, −2]; v₂ = [3, 1] + 0.5·[1, −2] = [3.5, 0]; v₃ = [0, 0] + 0.5·v₂ = [1.75, 0]
      expect(updates(_.scaleByMomentum({ decay: 0.5 }), vec([0, 0]), [vec([1, -2]), vec([3, 1]), vec([0, 0])])).toEqual(
        [
          [1, -2],
          [3.5, 0],
          [1.75, 0]
        ]
      )
    })
    it('should look ahead with nesterov: u = g + β·v′ (hand-worked, β = 0.5)', () => {
      // v₁ = [1, −2], u₁ = [1.5, −3]; v₂ = [3.5, 0], u₂ = [3, 1] + [1.75, 0] = [4.75, 1]
      expect(
        updates(_.scaleByMomentum({ decay: 0.5, nesterov: true }), vec([0, 0]), [vec([1, -2]), vec([3, 1])])
      ).toEqual([
        [1.5, -3],
        [4.75, 1]
      ])
    })
    it('should approach g / (1 − β) on a constant gradient', () => {
      const us = updates(
        _.scaleByMomentum({ decay: 0.9 }),
        vec([0]),
        Array.from({ length: 300 }, () => vec([1]))
      )
      expectNumbers(us[299]!, [10], 1e-9)
    })
    it('should reject a decay outside [0, 1)', () => {
      expect(() => _.scaleByMomentum({ decay: 1 })).toThrow('scaleByMomentum: expected decay in [0, 1), found 1')
    })
  })
})
