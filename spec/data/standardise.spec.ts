import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/standardise.js'
import { Tensor } from '../../src/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

describe('standardise', () => {
  describe('fitStandardiser', () => {
    it('should compute column means and population deviations (hand-worked)', () => {
      // Column 0: 1, 3, 5 → mean 3, variance (4 + 0 + 4) / 3. Column 1 is constant → scale 1.
      const s = _.fitStandardiser(
        Tensor.tensor(
          [
            [1, 7],
            [3, 7],
            [5, 7]
          ],
          'float64'
        )
      )
      expect(s.mean).toEqual([3, 7])
      expect(s.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12)
      expect(s.std[1]).toBe(1)
    })
  })
  describe('standardise', () => {
    it('should give training columns mean 0 and std 1, and leave the input unchanged', () => {
      const x = Tensor.tensor(
        [
          [1, 10],
          [2, 20],
          [6, 60]
        ],
        'float64'
      )
      const s = _.fitStandardiser(x)
      const z = leavesInputsUnchanged([x], () => _.standardise(s, x))
      expect(_.fitStandardiser(z).mean.map((m) => Math.abs(m) < 1e-12)).toEqual([true, true])
      expect(_.fitStandardiser(z).std.map((d) => Math.abs(d - 1) < 1e-12)).toEqual([true, true])
    })
    it('should apply the training statistics unchanged to other rows', () => {
      const s = { mean: [3, 0], std: [2, 4] }
      expect(Tensor.toNested(_.standardise(s, Tensor.tensor([[5, -4]])))).toEqual([[1, -1]])
    })
    it('should refuse statistics for another column count (a programming error)', () => {
      expect(() => _.standardise({ mean: [0], std: [1] }, Tensor.tensor([[1, 2]]))).toThrow(RangeError)
    })
  })
  describe('unstandardise', () => {
    it('should invert standardise on one column', () => {
      const s = { mean: [3, 10], std: [2, 5] }
      expect(_.unstandardise(s, 1, _.standardise(s, Tensor.tensor([[0, 20]], 'float64')).data[1]!)).toBe(20)
    })
  })
})
