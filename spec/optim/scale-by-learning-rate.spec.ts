import { describe, expect, it } from 'vitest'
import { Optim } from '../../src/index.js'
import * as _ from '../../src/optim/scale-by-learning-rate.js'
import { updates, vec } from './helpers.js'

describe('scale-by-learning-rate', () => {
  describe('scaleByLearningRate', () => {
    it('should negate: u = −η·g, so that adding u descends', () => {
      expect(updates(_.scaleByLearningRate(0.5), vec([0, 0]), [vec([2, -4])])).toEqual([[-1, 2]])
    })
    it('should evaluate a schedule at the count of updates made so far, starting at 0', () => {
      // η(t) = 1, 0.5, 0.25, … (stepDecay with stepSize 1, γ = 0.5); g = 1 every step.
      const eta = Optim.stepDecay({ initValue: 1, stepSize: 1, decayRate: 0.5 })
      expect(updates(_.scaleByLearningRate(eta), vec([0]), [vec([1]), vec([1]), vec([1]), vec([1])])).toEqual([
        [-1],
        [-0.5],
        [-0.25],
        [-0.125]
      ])
    })
    it('should keep the count in its state', () => {
      const tx = _.scaleByLearningRate<ReturnType<typeof vec>>(0.1)
      const p = vec([1])
      const [, s1] = tx.update(vec([1]), tx.init(p), p)
      const [, s2] = tx.update(vec([1]), s1, p)
      expect([tx.init(p).count, s1.count, s2.count]).toEqual([0, 1, 2])
    })
    it('should reject a negative or non-finite learning rate', () => {
      expect(() => _.scaleByLearningRate(-0.1)).toThrow(
        'scaleByLearningRate: expected learningRate a finite number ≥ 0, found -0.1'
      )
      expect(() => _.scaleByLearningRate(Number.POSITIVE_INFINITY)).toThrow('found Infinity')
    })
  })
})
