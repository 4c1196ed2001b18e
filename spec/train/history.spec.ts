import { describe, expect, it } from 'vitest'
import * as _ from '../../src/train/history.js'

describe('history', () => {
  describe('record', () => {
    it('should append an epoch without changing the old history', () => {
      const h1 = _.record(1, 10, { trainLoss: 0.5 })([])
      const h2 = _.record(2, 20, { trainLoss: 0.3, validLoss: 0.4 })(h1)
      expect(h1).toHaveLength(1)
      expect(h2).toEqual([
        { epoch: 1, step: 10, metrics: { trainLoss: 0.5 } },
        { epoch: 2, step: 20, metrics: { trainLoss: 0.3, validLoss: 0.4 } }
      ])
    })
  })
  describe('series', () => {
    it('should read one metric across epochs, NaN where missing', () => {
      const h = _.record(2, 20, { trainLoss: 0.3, validLoss: 0.4 })(_.record(1, 10, { trainLoss: 0.5 })([]))
      expect(_.series('validLoss')(h)).toEqual([Number.NaN, 0.4])
    })
  })
})
