import { describe, expect, it } from 'vitest'
import { Optim } from '../../src/index.js'
import * as _ from '../../src/optim/warmup.js'
import { expectNumbers } from './helpers.js'

const at = (s: Optim.Schedule, counts: ReadonlyArray<number>): Array<number> => counts.map(s)

describe('warmup', () => {
  describe('warmup', () => {
    it('should rise linearly from η₀ to the peak over W steps, then stay', () => {
      expect(at(_.warmup({ initValue: 0.2, peakValue: 1, warmupSteps: 4 }), [0, 1, 2, 4, 9])).toEqual([
        0.2, 0.4, 0.6000000000000001, 1, 1
      ])
      expect(at(_.warmup({ peakValue: 0.1, warmupSteps: 10 }), [0, 5, 10])).toEqual([0, 0.05, 0.1])
    })
  })
  describe('joinSchedules', () => {
    it('should run each schedule from its boundary, with the count restarted at 0', () => {
      const s = _.joinSchedules(
        [Optim.constant(1), Optim.stepDecay({ initValue: 10, stepSize: 2, decayRate: 0.5 }), Optim.constant(7)],
        [3, 7]
      )
      expect(at(s, [0, 2, 3, 4, 5, 6, 7, 100])).toEqual([1, 1, 10, 10, 5, 5, 7, 7])
    })
    it('should reject boundaries that do not fit the schedules', () => {
      expect(() => _.joinSchedules([Optim.constant(1)], [3])).toThrow(
        'joinSchedules: expected 0 boundaries for 1 schedules, found 1'
      )
      expect(() => _.joinSchedules([Optim.constant(1), Optim.constant(2), Optim.constant(3)], [5, 2])).toThrow(
        'joinSchedules: expected boundaries[1] an integer ≥ 5, found 2'
      )
    })
  })
  describe('warmupCosineDecay', () => {
    it('should warm up to the peak, then cosine-decay to the end value at step N', () => {
      // W = 10, N = 110: t = 5 → 0.05; t = 10 → 0.1; t = 60 (half-way through the decay) → 0.01 + 0.09·½ = 0.055
      const s = _.warmupCosineDecay({ peakValue: 0.1, warmupSteps: 10, decaySteps: 110, endValue: 0.01 })
      expectNumbers(at(s, [0, 5, 10, 60, 110, 500]), [0, 0.05, 0.1, 0.055, 0.01, 0.01], 1e-12)
    })
    it('should need more decay steps than warm-up steps', () => {
      expect(() => _.warmupCosineDecay({ peakValue: 1, warmupSteps: 10, decaySteps: 10 })).toThrow(
        'warmupCosineDecay: expected decaySteps - warmupSteps an integer ≥ 1, found 0'
      )
    })
  })
})
