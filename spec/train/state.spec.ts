import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/train/state.js'

describe('state', () => {
  describe('initState', () => {
    it('should start at step 0 with the optimizer state from init', () => {
      const params = { w: Tensor.ones([2]) }
      const tx = {
        init: (p: typeof params) => ({ count: 0, mu: p }),
        update: (g: typeof params, s: { count: number; mu: typeof params }) => [g, s] as const
      }
      const s = _.initState(params, tx, Random.key(4))
      expect(s).toEqual({ params, opt: { count: 0, mu: params }, key: Random.key(4), step: 0, loss: Number.NaN })
    })
  })
})
