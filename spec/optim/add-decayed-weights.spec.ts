import { describe, expect, it } from 'vitest'
import { Optim } from '../../src/index.js'
import * as _ from '../../src/optim/add-decayed-weights.js'
import type { V } from './helpers.js'
import { expectNumbers, updates, vec } from './helpers.js'

describe('add-decayed-weights', () => {
  describe('addDecayedWeights', () => {
    it('should add λ·θ to the incoming updates', () => {
      expect(updates(_.addDecayedWeights(0.5), vec([2, -4]), [vec([1, 1])])).toEqual([[2, -1]])
    })
    it('should shrink every weight by the same fraction ηλ in AdamW, whatever its gradient (decoupled)', () => {
      // Adam's direction is ±1 on the first step (ε = 0), so u = −η·(sign(g) + λ·θ).
      const tx = Optim.chain(
        Optim.scaleByAdam<V>({ eps: 0 }),
        _.addDecayedWeights(0.1),
        Optim.scaleByLearningRate(0.01)
      )
      const [u] = updates(tx, vec([10, 10]), [vec([1e-6, 1e6])])
      expectNumbers(u!, [-0.01 * (1 + 1), -0.01 * (1 + 1)], 1e-12)
    })
    it('should reject a negative weight decay', () => {
      expect(() => _.addDecayedWeights(-1)).toThrow(
        'addDecayedWeights: expected weightDecay a finite number ≥ 0, found -1'
      )
    })
  })
})
