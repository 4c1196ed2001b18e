import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

describe('flatten', () => {
  describe('flatten', () => {
    const l = _.build(_.input([2, 3], 'float64'), _.flatten())
    it('should flatten each example in row-major order, and unflatten the gradient', () => {
      const x = Tensor.tensor([[[1, 2, 3], [4, 5, 6]]], 'float64')
      const [y, tape] = l.forward({}, x, _.evalCtx)
      expect(Tensor.toNested(y)).toEqual([[1, 2, 3, 4, 5, 6]])
      expect(Tensor.toNested(l.backward({}, tape, y)[1])).toEqual([[[1, 2, 3], [4, 5, 6]]])
    })
    it('should map [number, 28, 28] to [number, 784]', () => {
      const img = _.build(_.input([28, 28]), _.flatten())
      expect(img.outputRow).toEqual([784])
      expect([...img.forward({}, Tensor.zeros([3, 28, 28]), _.evalCtx)[0].shape]).toEqual([3, 784])
    })
    it('should agree with central differences over 3 seeds', () => {
      for (const s of seeds) checkLayer(`flatten seed ${s}`, l, {}, randn(s, [2, 2, 3]))
    })
    it('should report a run-time shape that disagrees', () => {
      const bad = Tensor.zeros([1, 3, 2], 'float64') as unknown as Tensor.Tensor<[number, 2, 3], 'float64'>
      expect(() => l.forward({}, bad, _.evalCtx)).toThrow('flatten: expected [B, 2, 3] float64, found [1, 3, 2] float64')
    })
  })
})
