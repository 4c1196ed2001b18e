import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { checkLayer, paramLeaves, randn, seeds } from '../support/layer-checks.js'

describe('compose', () => {
  describe('serialOf', () => {
    it('should build the same network as serial from a run-time list of stages', () => {
      const widths: ReadonlyArray<number> = [5, 3]
      const dyn = _.serialOf(_.input(4, 'float64'), [...widths.flatMap((w) => [_.dense(w), _.relu()]), _.dense(2)])
      const fixed = _.serial(_.input(4, 'float64'), _.dense(5), _.relu(), _.dense(3), _.relu(), _.dense(2))
      expect(dyn.name).toBe(fixed.name)
      const p = dyn.init(Random.key(4))
      expect(paramLeaves(p).map(Tensor.toArray)).toEqual(paramLeaves(fixed.init(Random.key(4))).map(Tensor.toArray))
      const x = randn(5, [3, 4])
      const [y] = leavesInputsUnchanged([x], () => dyn.forward(p, x, _.evalCtx))
      expect([...y.shape]).toEqual([3, 2])
      checkLayer('serialOf', dyn, p, x)
    })
    it('should check widths when the network is built', () => {
      const r = Tensor.attempt(() => _.serialOf(_.input(4), [_.dense(5), _.dense(6, 2)]))
      expect(E.isLeft(r) && r.left.message).toBe('serial stage 2: expected a layer taking [B, 5] float32, found dense(6→2) taking [B, 6] float32')
    })
  })

  describe('gradients', () => {
    it('should equal backward(…)[0] exactly, for a dense first layer and for an activation first', () => {
      const x = randn(7, [5, 4])
      for (const net of [
        _.serialOf(_.input(4, 'float64'), [_.dense(6), _.relu(), _.dense(3)]),
        _.serialOf(_.input(4, 'float64'), [_.tanh(), _.dense(3), _.relu(), _.dense(2)])
      ]) {
        const p = net.init(Random.key(2))
        const [y, tape] = net.forward(p, x, _.evalCtx)
        const dY = randn(8, [5, [...y.shape][1]!])
        const [full] = net.backward(p, tape, dY)
        const only = leavesInputsUnchanged([x, dY], () => net.gradients!(p, tape, dY))
        expect(paramLeaves(only).map(Tensor.toArray)).toEqual(paramLeaves(full).map(Tensor.toArray))
      }
    })
  })

  describe('serial', () => {
    const net = _.serial(_.input(4, 'float64'), _.dense(5), _.relu(), _.dense(3), _.tanh())
    const params = net.init(Random.key(1))
    const x = randn(2, [6, 4])

    it('should equal manual chaining of its layers, forward and backward', () => {
      const l1 = _.dense(4, 5, { dtype: 'float64' })
      const h1 = _.build(_.input(5, 'float64'), _.relu())
      const l2 = _.dense(5, 3, { dtype: 'float64' })
      const h2 = _.build(_.input(3, 'float64'), _.tanh())
      const [p1, , p2] = params
      const [a1, t1] = l1.forward(p1, x, _.evalCtx)
      const [z1, s1] = h1.forward({}, a1, _.evalCtx)
      const [a2, t2] = l2.forward(p2, z1, _.evalCtx)
      const [y, s2] = h2.forward({}, a2, _.evalCtx)
      const [yNet, tape] = net.forward(params, x, _.evalCtx)
      expect(Tensor.toArray(yNet)).toEqual(Tensor.toArray(y))
      const dY = randn(3, [6, 3])
      const [, dA2] = h2.backward({}, s2, dY)
      const [g2, dZ1] = l2.backward(p2, t2, dA2)
      const [, dA1] = h1.backward({}, s1, dZ1)
      const [g1, dX] = l1.backward(p1, t1, dA1)
      const [gNet, dXNet] = net.backward(params, tape, dY)
      expect(Tensor.toArray(dXNet)).toEqual(Tensor.toArray(dX))
      expect(paramLeaves(gNet).map(Tensor.toArray)).toEqual([g1.w, g1.b, g2.w, g2.b].map(Tensor.toArray))
    })
    it('should nest parameters in a flat tuple, one entry per layer, {} for layers without parameters', () => {
      expect(params.length).toBe(4)
      expect(params[1]).toEqual({})
      expect([...params[2].w.shape]).toEqual([5, 3])
    })
    it('should agree with central differences over 3 seeds, keep shapes and leave inputs unchanged', () => {
      for (const s of seeds) checkLayer(`serial seed ${s}`, net, net.init(Random.key(s)), randn(s + 20, [3, 4]))
    })
    it('should start from a pre-built layer and continue with stages', () => {
      const n2 = _.serial(_.dense(4, 5, { dtype: 'float64' }), _.relu(), _.dense(2))
      expect(n2.name).toBe('serial(dense(4→5), relu, dense(5→2))')
      expect(n2.outputRow).toEqual([2])
    })
    it('should be deterministic in its key', () => {
      expect(paramLeaves(net.init(Random.key(9))).map(Tensor.toArray)).toEqual(paramLeaves(net.init(Random.key(9))).map(Tensor.toArray))
    })
    it('should report a pre-built layer whose run-time width disagrees, when the network is built', () => {
      // A width known only at run time (6 here) that the compiler was told is 5.
      const wide = _.dense(6 as number, 2) as unknown as _.Dense<5, 2>
      const r = Tensor.attempt(() => _.serial(_.input(4), _.dense(5), wide))
      expect(E.isLeft(r) && r.left.message).toBe('serial stage 2: expected a layer taking [B, 5] float32, found dense(6→2) taking [B, 6] float32')
    })
    it('should refuse, at run time too, a stage first or an input later (for callers that bypass the types)', () => {
      const loose = _.serial as unknown as (...stages: ReadonlyArray<_.StageLike>) => _.AnyLayer
      expect(() => loose(_.relu(), _.dense(2))).toThrow('serial: expected input(…) or a pre-built layer first, found the stage relu, whose input is unknown')
      expect(() => loose(_.input(2), _.input(2))).toThrow('serial: expected input(…) as the first stage only, found input(…) at stage 1')
    })
    it('should report a tensor whose run-time width disagrees, naming the layer', () => {
      const bad = Tensor.zeros([2, 7], 'float64') as unknown as Tensor.Tensor<[number, 4], 'float64'>
      expect(() => net.forward(params, bad, _.evalCtx)).toThrow('dense(4→5): expected [B, 4] float64, found [2, 7] float64')
    })
    it('should pass its key on to dropout, split per layer', () => {
      const d = _.serial(_.input(100, 'float64'), _.dropout(0.5), _.dropout(0.5))
      const ones = Tensor.ones([1, 100], 'float64')
      const y1 = Tensor.toArray(d.forward([{}, {}], ones, _.trainCtx(Random.key(1)))[0])
      expect(y1).toEqual(Tensor.toArray(d.forward([{}, {}], ones, _.trainCtx(Random.key(1)))[0]))
      expect(y1).not.toEqual(Tensor.toArray(d.forward([{}, {}], ones, _.trainCtx(Random.key(2)))[0]))
    })
    it('should not write into its inputs', () => {
      leavesInputsUnchanged([x, ...paramLeaves(params)], () => net.backward(params, net.forward(params, x, _.evalCtx)[1], randn(4, [6, 3])))
    })
  })

  describe('andThen', () => {
    it('should equal serial of the same two layers', () => {
      const f = _.dense(3, 4, { dtype: 'float64' })
      const g = _.dense(4, 2, { dtype: 'float64' })
      const fg = _.andThen(f, g)
      const s = _.serial(f, g)
      const p = fg.init(Random.key(0))
      const x = randn(1, [2, 3])
      const [y1, t1] = fg.forward(p, x, _.evalCtx)
      const [y2, t2] = s.forward(p, x, _.evalCtx)
      expect(Tensor.toArray(y1)).toEqual(Tensor.toArray(y2))
      const dY = randn(2, [2, 2])
      expect(paramLeaves(fg.backward(p, t1, dY)).map(Tensor.toArray)).toEqual(paramLeaves(s.backward(p, t2, dY)).map(Tensor.toArray))
      checkLayer('andThen', fg, p, x)
    })
  })
})
