import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/train/early-stopping.js'
import type { History } from '../../src/train/history.js'

const history = (validLoss: ReadonlyArray<number>): History =>
  validLoss.map((v, i) => ({ epoch: i + 1, step: 10 * (i + 1), metrics: { validLoss: v, validAccuracy: 1 - v } }))
const minLoss = { metric: 'validLoss', mode: 'min' } as const
const epochOf = (o: O.Option<{ readonly epoch: number }>) => (O.isSome(o) ? o.value.epoch : undefined)

describe('early-stopping', () => {
  describe('bestEpoch', () => {
    it('should pick the first lowest (min) or highest (max) value', () => {
      const h = history([0.5, 0.3, 0.4, 0.3])
      expect(epochOf(_.bestEpoch(minLoss)(h))).toBe(2)
      expect(epochOf(_.bestEpoch({ metric: 'validAccuracy', mode: 'max' })(h))).toBe(2)
      expect(epochOf(_.bestEpoch(minLoss)([]))).toBeUndefined()
    })
    it('should skip NaN and count only improvements larger than minDelta', () => {
      expect(epochOf(_.bestEpoch(minLoss)(history([Number.NaN, 0.5, 0.49])))).toBe(3)
      expect(epochOf(_.bestEpoch({ ...minLoss, minDelta: 0.05 })(history([0.5, 0.49, 0.3])))).toBe(3)
      expect(epochOf(_.bestEpoch({ ...minLoss, minDelta: 0.05 })(history([0.5, 0.49])))).toBe(1)
    })
  })
  describe('isBest', () => {
    it('should tell whether the last epoch is the best', () => {
      expect(_.isBest(minLoss)(history([0.5, 0.3]))).toBe(true)
      expect(_.isBest(minLoss)(history([0.5, 0.3, 0.3]))).toBe(false)
      expect(_.isBest(minLoss)([])).toBe(false)
    })
  })
  describe('shouldStop', () => {
    it('should stop once the best epoch is patience epochs behind', () => {
      const h = history([0.5, 0.3, 0.31, 0.32])
      expect(_.shouldStop({ ...minLoss, patience: 2 })(h)).toBe(true)
      expect(_.shouldStop({ ...minLoss, patience: 3 })(h)).toBe(false)
      expect(_.shouldStop({ ...minLoss, patience: 1 })(history([0.5, 0.3]))).toBe(false)
      expect(_.shouldStop({ ...minLoss, patience: 2 })(history([Number.NaN, Number.NaN]))).toBe(true)
    })
  })
})
