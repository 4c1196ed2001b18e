import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/losses/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { record, tolerance } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('l2-penalty', () => {
  describe('l2Penalty', () => {
    const params = [{ w: f64([[1, -2], [3, 0]]), b: f64([5, 5]) }, {}, { w: f64([[0.5], [1]]), b: f64([1]) }] as const
    it('should give (λ/2) Σ ‖W‖² over the weights only, and λ·W (by hand)', () => {
      const r = _.l2Penalty(0.2)(params)
      expect(r.value).toBeCloseTo(0.1 * (1 + 4 + 9 + 0.25 + 1), 15)
      expect(Tensor.toNested(r.grad[0].w)).toEqual([[0.2, -0.4], [0.6000000000000001, 0]])
      expect(Tensor.toNested(r.grad[0].b)).toEqual([0, 0])
      expect(r.grad[1]).toEqual({})
      expect(Tensor.toNested(r.grad[2].w)).toEqual([[0.1], [0.2]])
    })
    it('should penalise the leaves chosen by path', () => {
      const r = _.l2Penalty(1, { include: (p) => p === 'params[2].b' })(params)
      expect(r.value).toBe(0.5)
      expect(Tensor.toNested(r.grad[0].w)).toEqual([[0, 0], [0, 0]])
    })
    it('should agree with central differences of its value', () => {
      const h = 1e-6
      const w = params[0].w
      const g = _.l2Penalty(0.3)(params).grad[0].w
      let worst = 0
      for (let i = 0; i < 4; i++) {
        const at = (d: number) => _.l2Penalty(0.3)([{ ...params[0], w: Tensor.generate([2, 2], (j) => w.data[j]! + (j === i ? d : 0), 'float64') }]).value
        worst = Math.max(worst, Math.abs((at(h) - at(-h)) / (2 * h) - g.data[i]!) / 0.9)
      }
      record('l2Penalty', { params: [], input: worst, max: worst })
      expect(worst).toBeLessThanOrEqual(tolerance)
    })
    it('should not write into its inputs', () => {
      leavesInputsUnchanged([params[0].w, params[0].b, params[2].w], () => _.l2Penalty(0.5)(params))
    })
  })
})
