import { describe, expect, it } from 'vitest'
import * as _ from '../../src/optim/schedule.js'
import { expectNumbers } from './helpers.js'

const at = (s: _.Schedule, counts: ReadonlyArray<number>): Array<number> => counts.map(s)

describe('schedule', () => {
  describe('constant', () => {
    it('should give the same value at every count', () => {
      expect(at(_.constant(0.3), [0, 1, 1e6])).toEqual([0.3, 0.3, 0.3])
    })
  })
  describe('stepDecay', () => {
    it('should multiply by γ every k steps: η₀·γ^⌊t/k⌋', () => {
      expectNumbers(
        at(_.stepDecay({ initValue: 0.1, stepSize: 30 }), [0, 29, 30, 59, 60]),
        [0.1, 0.1, 0.01, 0.01, 0.001],
        1e-14
      )
      expect(at(_.stepDecay({ initValue: 8, stepSize: 2, decayRate: 0.5 }), [0, 1, 2, 3, 4, 7])).toEqual([
        8, 8, 4, 4, 2, 1
      ])
    })
    it('should reject a step size that is not a positive integer', () => {
      expect(() => _.stepDecay({ initValue: 1, stepSize: 0 })).toThrow(
        'stepDecay: expected stepSize an integer ≥ 1, found 0'
      )
      expect(() => _.stepDecay({ initValue: 1, stepSize: 1.5 })).toThrow('found 1.5')
    })
  })
  describe('exponentialDecay', () => {
    it('should decay smoothly: η₀·γ^(t/k)', () => {
      // 1·0.25^(1/2) = 0.5, 0.25^(3/2) = 0.125
      expect(at(_.exponentialDecay({ initValue: 1, decayRate: 0.25, transitionSteps: 2 }), [0, 1, 2, 3])).toEqual([
        1, 0.5, 0.25, 0.125
      ])
    })
    it('should decay in stairs with staircase', () => {
      expect(
        at(_.exponentialDecay({ initValue: 1, decayRate: 0.25, transitionSteps: 2, staircase: true }), [0, 1, 2, 3])
      ).toEqual([1, 1, 0.25, 0.25])
    })
  })
  describe('cosineDecay', () => {
    it('should follow half a cosine from η₀ to α·η₀ over N steps, then stay', () => {
      // N = 100, α = 0.1: t = 0 → 1; t = 50 → 0.1 + 0.9·½ = 0.55; t = 25 → 0.1 + 0.9·½(1 + cos π/4) = 0.868198052…
      const s = _.cosineDecay({ initValue: 1, decaySteps: 100, alpha: 0.1 })
      expectNumbers(
        at(s, [0, 25, 50, 75, 100, 1000]),
        [1, 0.1 + 0.45 * (1 + Math.SQRT1_2), 0.55, 0.1 + 0.45 * (1 - Math.SQRT1_2), 0.1, 0.1],
        1e-12
      )
    })
    it('should end exactly at 0 by default', () => {
      expect(at(_.cosineDecay({ initValue: 0.5, decaySteps: 10 }), [10, 11])).toEqual([0, 0])
    })
    it('should reject α outside [0, 1] and N < 1', () => {
      expect(() => _.cosineDecay({ initValue: 1, decaySteps: 10, alpha: 2 })).toThrow(
        'cosineDecay: expected alpha in [0, 1], found 2'
      )
      expect(() => _.cosineDecay({ initValue: 1, decaySteps: 0 })).toThrow(
        'cosineDecay: expected decaySteps an integer ≥ 1, found 0'
      )
    })
  })
  describe('toSchedule', () => {
    it('should turn a number into a constant schedule and keep a schedule', () => {
      const s: _.Schedule = (t) => t
      expect(_.toSchedule(2)(5)).toBe(2)
      expect(_.toSchedule(s)).toBe(s)
    })
  })
})
