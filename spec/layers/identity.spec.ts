import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

describe('identity', () => {
  describe('identity', () => {
    const l = _.build(_.input(3, 'float64'), _.identity())
    it('should pass values forward and gradients back unchanged', () => {
      const x = Tensor.tensor([[1, -2, 3]], 'float64')
      const [y, tape] = l.forward({}, x, _.evalCtx)
      expect(Tensor.toNested(y)).toEqual([[1, -2, 3]])
      expect(Tensor.toNested(l.backward({}, tape, x)[1])).toEqual([[1, -2, 3]])
    })
    it('should agree with central differences over 3 seeds', () => {
      for (const s of seeds) checkLayer(`identity seed ${s}`, l, {}, randn(s, [2, 3]))
    })
  })
})
