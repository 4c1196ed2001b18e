import { describe, expect, it } from 'vitest'
import { Optim } from '../../src/index.js'
import * as _ from '../../src/optim/l2-regularization.js'
import type { V } from './helpers.js'
import { expectNumbers, updates, vec } from './helpers.js'
import type { Params } from './quadratic.js'
import { flat, run } from './quadratic.js'

describe('l2-regularization', () => {
  describe('l2Regularization', () => {
    it('should add λ·θ to the gradient', () => {
      expect(updates(_.l2Regularization(0.25), vec([4, -8]), [vec([1, 0])])).toEqual([[2, -2]])
    })
    it('should make SGD the classic weight decay θ′ = (1 − ηλ)·θ − η·g', () => {
      // η = 0.1, λ = 0.5, θ = 2, g = 1: θ′ = 0.95·2 − 0.1 = 1.8, so u = −0.2
      const [u] = updates(Optim.chain(_.l2Regularization<V>(0.5), Optim.scaleByLearningRate(0.1)), vec([2]), [vec([1])])
      expectNumbers(u!, [-0.2], 1e-15)
    })
    it('should bring SGD to the ridge minimum (AᵀA + λI)⁻¹Aᵀb', () => {
      // λ = 1: (AᵀA + I) = [[6, 2, 1], [2, 3, 1], [1, 1, 3]], Aᵀb = [1.5, −1.5, 0]; by Cramer's rule
      // θ = [39/74, −66/74, 9/74].
      const tx = Optim.chain(_.l2Regularization<Params>(1), Optim.scaleByLearningRate(0.1))
      const theta = flat(run(tx, 300)[300]![0])
      expectNumbers(theta, [39 / 74, -66 / 74, 9 / 74], 1e-5)
    })
  })
})
