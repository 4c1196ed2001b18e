import { describe, expect, it } from 'vitest'
import { Optim, Tensor } from '../../src/index.js'
import * as _ from '../../src/optim/chain.js'
import type { V } from './helpers.js'
import { expectNumbers, updates, vec } from './helpers.js'

describe('chain', () => {
  describe('chain', () => {
    it('should feed the updates of each transform to the next, in order', () => {
      // clip to norm 1, then ×3: [3, 4] → [0.6, 0.8] → [1.8, 2.4]; the other order clips [9, 12] to [0.6, 0.8].
      const clipThenScale = _.chain(Optim.clipByGlobalNorm<V>(1), Optim.scale(3))
      const scaleThenClip = _.chain(Optim.scale<V>(3), Optim.clipByGlobalNorm(1))
      expectNumbers(updates(clipThenScale, vec([0, 0]), [vec([3, 4])])[0]!, [1.8, 2.4], 1e-15)
      expectNumbers(updates(scaleThenClip, vec([0, 0]), [vec([3, 4])])[0]!, [0.6, 0.8], 1e-15)
    })
    it('should keep one state per transform, in a tuple, and advance each', () => {
      const tx = _.chain(Optim.scaleByAdam<V>(), Optim.scale(2), Optim.scaleByLearningRate(0.1))
      const p = vec([1])
      const s0 = tx.init(p)
      expect(s0.length).toBe(3)
      const [, s1] = tx.update(vec([1]), s0, p)
      expect([s1[0].count, s1[1], s1[2].count]).toEqual([1, {}, 1])
      expect(Object.isFrozen(s1)).toBe(true)
      expect(s0[0].count).toBe(0)
    })
    it('should have updateAndApply when its last transform has one, giving the bytes of update then applyUpdates', () => {
      const p = { w: Tensor.generate([64], (i) => Math.sin(i) * 3), b: Tensor.tensor([0.25]) }
      const g = { w: Tensor.generate([64], (i) => Math.cos(i * 7) / 3), b: Tensor.tensor([-1.5]) }
      const same = <S>(tx: Optim.GradientTransformation<typeof p, S>): void => {
        const fused = tx.updateAndApply
        if (fused === undefined) throw new Error('expected updateAndApply')
        let [sa, sb] = [tx.init(p), tx.init(p)]
        let [pa, pb] = [p, p]
        for (let step = 0; step < 3; step++) {
          const [u, sa2] = tx.update(g, sa, pa)
          ;[pa, sa] = [Optim.applyUpdates(pa, u), sa2]
          ;[pb, sb] = fused(g, sb, pb)
        }
        expect(Array.from(pb.w.data)).toEqual(Array.from(pa.w.data))
        expect(Array.from(pb.b.data)).toEqual(Array.from(pa.b.data))
        expect(sb).toEqual(sa)
      }
      same(Optim.sgd(0.1))
      same(Optim.adam(1e-3))
      same(Optim.momentum(0.05))
      expect(_.chain(Optim.scaleByLearningRate<V>(0.1), Optim.scale(2)).updateAndApply).toBeUndefined()
    })
    it('should accept eight transforms', () => {
      const s = Optim.scale<V>(2)
      const tx = _.chain(s, s, s, s, s, s, s, s)
      expect(updates(tx, vec([0]), [vec([1])])).toEqual([[256]])
    })
  })
})
