import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('dense', () => {
  describe('dense (pre-built)', () => {
    const layer = _.dense(2, 3, { dtype: 'float64' })
    const params = { w: f64([[1, 0, -1], [2, 1, 0]]), b: f64([0.5, 0, -0.5]) }
    const x = f64([[1, 2], [3, 4]])

    it('should compute A = X·W + b (worked by hand)', () => {
      const [a] = layer.forward(params, x, _.evalCtx)
      expect(Tensor.toNested(a)).toEqual([[5.5, 2, -1.5], [11.5, 4, -3.5]])
    })
    it('should compute ∂L/∂W = Xᵀ·Δ, ∂L/∂b = Σ Δ and ∂L/∂X = Δ·Wᵀ (worked by hand)', () => {
      const [, tape] = layer.forward(params, x, _.evalCtx)
      const [g, dx] = layer.backward(params, tape, f64([[1, 0, 1], [0, 1, -1]]))
      expect(Tensor.toNested(g.w)).toEqual([[1, 3, -2], [2, 4, -2]])
      expect(Tensor.toNested(g.b)).toEqual([1, 1, 0])
      expect(Tensor.toNested(dx)).toEqual([[0, 2], [1, 1]])
    })
    it('should agree with central differences over 3 seeds (float64, ≤ 1e-6), keep shapes, and leave inputs unchanged', () => {
      const l = _.dense(4, 3, { dtype: 'float64' })
      for (const s of seeds) checkLayer(`dense(4→3) seed ${s}`, l, l.init(Random.key(s)), randn(s + 10, [5, 4]))
    })
    it('should pass a looser check in float32 (eps 1e-3, rtol 1e-2)', () => {
      const l = _.dense(4, 3)
      const p = l.init(Random.key(1))
      const x32 = Random.normal(Random.key(2), [5, 4])
      const [y, tape] = l.forward(p, x32, _.evalCtx)
      const [g] = l.backward(p, tape, Tensor.ones(y.shape))
      const h = 1e-3
      const i = 5
      const move = (d: number) => ({ ...p, w: Tensor.generate([4, 3], (j) => p.w.data[j]! + (j === i ? d : 0)) })
      const sumOut = (q: typeof p) => Tensor.sum(l.forward(q, x32, _.evalCtx)[0])
      const numeric = (sumOut(move(h)) - sumOut(move(-h))) / (2 * h)
      expect(Math.abs(numeric - g.w.data[i]!) / Math.abs(g.w.data[i]!)).toBeLessThan(1e-2)
    })
    it('should report a run-time width that disagrees, naming the layer and both shapes', () => {
      const n = 4 as number
      const l = _.dense(n, 3, { dtype: 'float64' })
      const p = l.init(Random.key(0))
      const r = Tensor.attempt(() => l.forward(p, Tensor.zeros([2, 5], 'float64') as Tensor.Tensor<[number, number], 'float64'>, _.evalCtx))
      expect(E.isLeft(r) && r.left.message).toBe('dense(4→3): expected [B, 4] float64, found [2, 5] float64')
    })
    it('should report parameters that disagree with the layer', () => {
      const wrong = { w: Tensor.zeros([3, 3], 'float64'), b: Tensor.zeros([3], 'float64') } as unknown as typeof params
      expect(() => layer.forward(wrong, x, _.evalCtx)).toThrow('dense(2→3): expected parameters w: [2, 3], b: [3] float64, found w: [3, 3], b: [3] float64')
    })
    it('should report a gradient of the wrong shape in backward', () => {
      const [, tape] = layer.forward(params, x, _.evalCtx)
      const bad = Tensor.zeros([2, 4], 'float64') as unknown as Tensor.Tensor<[number, 3], 'float64'>
      expect(() => layer.backward(params, tape, bad)).toThrow('dense(2→3): expected [B, 3] float64, found [2, 4] float64')
    })
    it('should initialise from the key: same key, same weights; zero biases; the chosen initialiser', () => {
      const l = _.dense(50, 40, { init: _.he })
      expect(Tensor.toArray(l.init(Random.key(3)).w)).toEqual(Tensor.toArray(l.init(Random.key(3)).w))
      expect(Tensor.toArray(l.init(Random.key(3)).w)).not.toEqual(Tensor.toArray(l.init(Random.key(4)).w))
      expect(Tensor.toArray(l.init(Random.key(3)).b).every((v) => v === 0)).toBe(true)
      expect(Tensor.toArray(_.dense(2, 2, { init: _.zeros }).init(Random.key(0)).w)).toEqual([0, 0, 0, 0])
    })
    it('should not write into its inputs', () => {
      leavesInputsUnchanged([x, params.w, params.b], () => layer.backward(params, layer.forward(params, x, _.evalCtx)[1], f64([[1, 1, 1], [1, 1, 1]])))
    })
  })

  describe('dense (stage)', () => {
    it('should learn its input width from the stage before', () => {
      const l = _.build(_.input(7, 'float64'), _.dense(2))
      expect(l.name).toBe('dense(7→2)')
      const p = l.init(Random.key(0))
      expect([...p.w.shape]).toEqual([7, 2])
      for (const s of seeds) checkLayer(`dense stage seed ${s}`, l, l.init(Random.key(s)), randn(s, [3, 7]))
    })
  })
})
