import { describe, expect, it } from 'vitest'
import { Loss, Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { randn, record, seeds, tolerance } from '../support/layer-checks.js'

describe('grad-check', () => {
  describe('gradCheck', () => {
    const net = _.serial(_.input(4, 'float64'), _.dense(6), _.relu(), _.dense(5), _.tanh(), _.dense(3))
    it('should report every parameter by path, and the input', () => {
      const r = _.gradCheck(net, net.init(Random.key(0)), randn(1, [4, 4]))
      expect(r.params.map(([p]) => p)).toEqual(['params[0].w', 'params[0].b', 'params[2].w', 'params[2].b', 'params[4].w', 'params[4].b'])
      expect(r.max).toBe(Math.max(r.input, ...r.params.map(([, e]) => e)))
    })
    it('should pass a whole 3-layer network with softmax cross-entropy (class indices), over 3 seeds', () => {
      for (const s of seeds) {
        const r = _.gradCheck(net, net.init(Random.key(s)), randn(s + 1, [4, 4]), { loss: (y) => Loss.softmaxCrossEntropy(y, [0, 2, 1, 2]) })
        expect(record(`3-layer net + softmaxCrossEntropy seed ${s}`, r)).toBeLessThanOrEqual(tolerance)
      }
    })
    it('should pass a whole 3-layer network with sigmoid binary cross-entropy, over 3 seeds', () => {
      const t = Tensor.tensor([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]], 'float64')
      for (const s of seeds) {
        const r = _.gradCheck(net, net.init(Random.key(s)), randn(s + 1, [4, 4]), { loss: (y) => Loss.sigmoidBinaryCrossEntropy(y, t) })
        expect(record(`3-layer net + sigmoidBinaryCrossEntropy seed ${s}`, r)).toBeLessThanOrEqual(tolerance)
      }
    })
    it('should pass a whole 3-layer network with mean squared error, over 3 seeds', () => {
      for (const s of seeds) {
        const t = randn(s + 50, [4, 3])
        const r = _.gradCheck(net, net.init(Random.key(s)), randn(s + 1, [4, 4]), { loss: (y) => Loss.meanSquaredError(y, t) })
        expect(record(`3-layer net + meanSquaredError seed ${s}`, r)).toBeLessThanOrEqual(tolerance)
      }
    })
    it('should find a wrong backward (a dense layer that forgets the bias gradient)', () => {
      const good = _.dense(3, 2, { dtype: 'float64' })
      const broken: typeof good = { ...good, backward: (p, tape, d) => [{ ...good.backward(p, tape, d)[0], b: Tensor.zeros([2], 'float64') }, good.backward(p, tape, d)[1]] }
      const r = _.gradCheck(broken, good.init(Random.key(0)), randn(1, [2, 3]))
      expect(r.params.find(([p]) => p === 'params.b')![1]).toBe(1)
      expect(r.params.find(([p]) => p === 'params.w')![1]).toBeLessThan(1e-6)
    })
  })
})
