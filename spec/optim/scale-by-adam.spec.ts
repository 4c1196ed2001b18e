import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/scale-by-adam.js'
import { expectNumbers, updates, vec } from './helpers.js'

describe('scale-by-adam', () => {
  describe('scaleByAdam', () => {
    it('should make the first step g/(|g| + ε) ≈ sign(g), whatever the size of g', () => {
      const [u] = updates(_.scaleByAdam(), vec([0, 0, 0]), [vec([1e-3, -50, 2e4])])
      expectNumbers(u!, [1, -1, 1], 1e-5)
    })
    it('should correct the bias: on a constant gradient every step is sign(g) (ε = 0)', () => {
      // μ′ = g·(1 − β₁^t) and ν′ = g²·(1 − β₂^t) exactly, so μ̂ = g and ν̂ = g² at every t.
      const us = updates(
        _.scaleByAdam({ eps: 0 }),
        vec([0, 0]),
        Array.from({ length: 20 }, () => vec([0.3, -7]))
      )
      us.forEach((u) => expectNumbers(u, [1, -1], 1e-12))
    })
    it('should match the second step worked by hand', () => {
      // g₁ = 0.5, g₂ = 1: μ̂₂ = (0.09·0.5 + 0.1)/0.19 = 0.763157894737,
      // ν̂₂ = (0.000999·0.25 + 0.001)/0.001999 = 0.625187593797, u₂ = μ̂₂/(√ν̂₂ + 1e-8) = 0.965182013615
      const us = updates(_.scaleByAdam(), vec([0]), [vec([0.5]), vec([1])])
      expectNumbers(us[1]!, [0.965182013615], 1e-11)
    })
    it('should count steps in its state', () => {
      const tx = _.scaleByAdam<ReturnType<typeof vec>>()
      const p = vec([0])
      const [, s1] = tx.update(vec([1]), tx.init(p), p)
      const [, s2] = tx.update(vec([1]), s1, p)
      expect([s1.count, s2.count]).toEqual([1, 2])
    })
    it('should give 0, not NaN, for a zero gradient with ε = 0', () => {
      expect(updates(_.scaleByAdam({ eps: 0 }), vec([0]), [vec([0])])).toEqual([[0]])
    })
    it('should reject betas outside [0, 1) and a negative ε', () => {
      expect(() => _.scaleByAdam({ b1: 1 })).toThrow('scaleByAdam: expected b1 in [0, 1), found 1')
      expect(() => _.scaleByAdam({ b2: -0.1 })).toThrow('scaleByAdam: expected b2 in [0, 1), found -0.1')
      expect(() => _.scaleByAdam({ eps: -1 })).toThrow('scaleByAdam: expected eps a finite number ≥ 0, found -1')
    })
  })
})
