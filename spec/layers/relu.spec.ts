import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('relu', () => {
  describe('relu', () => {
    const l = _.build(_.input(4, 'float64'), _.relu())
    it('should compute max(0, a) and pass the gradient where a > 0 only (h′(0) = 0, as in the lecture)', () => {
      const [y, tape] = l.forward({}, f64([[-2, 0, 0.5, 3]]), _.evalCtx)
      expect(Tensor.toNested(y)).toEqual([[0, 0, 0.5, 3]])
      expect(Tensor.toNested(l.backward({}, tape, f64([[1, 1, 1, 1]]))[1])).toEqual([[0, 0, 1, 1]])
    })
    it('should agree with central differences over 3 seeds, keep shapes and leave inputs unchanged', () => {
      for (const s of seeds) checkLayer(`relu seed ${s}`, l, {}, randn(s, [5, 4]))
    })
    it('should work on rows of any rank', () => {
      const l3 = _.build(_.input([2, 3], 'float64'), _.relu())
      checkLayer('relu [2,3]', l3, {}, randn(4, [2, 2, 3]))
    })
    it('should report a run-time shape that disagrees, naming the layer', () => {
      const bad = Tensor.zeros([2, 5], 'float64') as unknown as Tensor.Tensor<[number, 4], 'float64'>
      expect(() => l.forward({}, bad, _.evalCtx)).toThrow('relu: expected [B, 4] float64, found [2, 5] float64')
    })
  })

  describe('leakyRelu', () => {
    const l = _.build(_.input(3, 'float64'), _.leakyRelu(0.1))
    it('should scale negative inputs and their gradients by alpha', () => {
      const [y, tape] = l.forward({}, f64([[-2, 0, 4]]), _.evalCtx)
      expect(Tensor.toNested(y)).toEqual([[-0.2, 0, 4]])
      expect(Tensor.toNested(l.backward({}, tape, f64([[1, 1, 1]]))[1])).toEqual([[0.1, 0.1, 1]])
    })
    it('should agree with central differences over 3 seeds', () => {
      for (const s of seeds) checkLayer(`leakyRelu seed ${s}`, l, {}, randn(s, [4, 3]))
    })
  })
})
