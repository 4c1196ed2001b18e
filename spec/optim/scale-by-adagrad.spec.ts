import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scale-by-adagrad.js'
import { expectNumbers, updates, vec } from './helpers.js'

describe('scale-by-adagrad', () => {
  describe('scaleByAdagrad', () => {
    it('should divide by the root of the running sum of squares (hand-worked)', () => {
      // G₀ = 0, ε = 0: G₁ = 9, u₁ = 3/3 = 1; G₂ = 9 + 16 = 25, u₂ = 4/5; G₃ = 25 + 144 = 169, u₃ = −12/13
      const us = updates(_.scaleByAdagrad({ initialAccumulatorValue: 0, eps: 0 }), vec([0]), [
        vec([3]),
        vec([4]),
        vec([-12])
      ])
      expectNumbers(us.flat(), [1, 0.8, -12 / 13])
    })
    it('should use G₀ = 0.1 and ε = 1e-7 by default', () => {
      // G₁ = 0.1 + 0.25; u₁ = 0.5/√(0.35 + 1e-7) = 0.845154133992
      expectNumbers(updates(_.scaleByAdagrad(), vec([0]), [vec([0.5])]).flat(), [0.845154133992], 1e-11)
    })
    it('should give 0, not NaN, for a zero gradient on an empty accumulator', () => {
      expect(updates(_.scaleByAdagrad({ initialAccumulatorValue: 0, eps: 0 }), vec([0]), [vec([0])])).toEqual([[0]])
    })
  })
})
