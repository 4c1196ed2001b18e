import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Optim, Tensor } from '../../src/index.js'
import * as _ from '../../src/optim/transform.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import type { Params, Some } from './quadratic.js'
import { flat, gradient, params, run, some, stateParts } from './quadratic.js'

// Every transform and alias, as optax's test_scalers runs one test over all of them.
const all: ReadonlyArray<readonly [string, Some<Params>]> = [
  ['identity', some(Optim.chain(_.identity<Params>(), Optim.scale(-0.1)))],
  ['stateless', some(_.stateless((g) => Tensor.scale(g, -0.01)))],
  ['scale', some(Optim.scale(-0.05))],
  ['scaleByLearningRate', some(Optim.scaleByLearningRate(0.1))],
  [
    'scaleByLearningRate (schedule)',
    some(Optim.scaleByLearningRate(Optim.exponentialDecay({ initValue: 0.1, decayRate: 0.99 })))
  ],
  ['scaleByMomentum', some(Optim.chain(Optim.scaleByMomentum<Params>(), Optim.scale(-0.01)))],
  [
    'scaleByMomentum (nesterov)',
    some(Optim.chain(Optim.scaleByMomentum<Params>({ nesterov: true }), Optim.scale(-0.01)))
  ],
  ['scaleByAdagrad', some(Optim.chain(Optim.scaleByAdagrad<Params>(), Optim.scale(-0.1)))],
  ['scaleByRms', some(Optim.chain(Optim.scaleByRms<Params>(), Optim.scale(-0.01)))],
  ['scaleByAdam', some(Optim.chain(Optim.scaleByAdam<Params>(), Optim.scale(-0.01)))],
  ['addDecayedWeights', some(Optim.chain(Optim.addDecayedWeights<Params>(0.1), Optim.scale(-0.1)))],
  ['l2Regularization', some(Optim.chain(Optim.l2Regularization<Params>(0.1), Optim.scale(-0.1)))],
  ['clipByGlobalNorm', some(Optim.chain(Optim.clipByGlobalNorm<Params>(1), Optim.scale(-0.1)))],
  ['sgd', some(Optim.sgd(0.1))],
  ['momentum', some(Optim.momentum(0.05))],
  ['nesterov', some(Optim.nesterov(0.05))],
  ['adagrad', some(Optim.adagrad(0.5))],
  ['rmsprop', some(Optim.rmsprop(0.01))],
  ['adam', some(Optim.adam(0.01))],
  ['adamw', some(Optim.adamw(0.01, { weightDecay: 0.01 }))],
  [
    'a long chain',
    some(
      Optim.chain(
        Optim.clipByGlobalNorm<Params>(5),
        Optim.l2Regularization(1e-3),
        Optim.scaleByAdam(),
        Optim.addDecayedWeights(1e-4),
        Optim.scaleByLearningRate(Optim.warmupCosineDecay({ peakValue: 0.05, warmupSteps: 10, decaySteps: 200 }))
      )
    )
  ]
]

const shapeOf = (t: Tensor.AnyTensor): string => `${t.dtype}[${t.shape.join(', ')}]`
const signature = (state: unknown): Array<readonly [string, string]> =>
  stateParts(state).map(([path, v]) => [path, typeof v === 'number' ? 'number' : shapeOf(v)])

describe('transform', () => {
  describe('identity', () => {
    it('should give the gradients back', () => {
      const tx = _.identity<Params>()
      const p = params([1, 2, 3])
      const g = params([4, 5, 6])
      const [u, s] = tx.update(g, tx.init(p), p)
      expect(flat(u)).toEqual([4, 5, 6])
      expect(s).toEqual({})
    })
  })
  describe('stateless', () => {
    it('should apply a leaf function of the gradient and its parameter', () => {
      const tx = _.stateless<Params>((g, theta) => Tensor.mul(g, theta))
      const p = params([1, 2, 3])
      expect(flat(tx.update(params([4, 5, 6]), tx.init(p), p)[0])).toEqual([4, 10, 18])
    })
  })

  describe('every transform (test_scalers)', () => {
    it.each(all)('%s: should keep the tree structure, shapes and dtype in updates and state', (_name, tx) =>
      tx((t) => {
        const p = params([0.3, -0.2, 0.1])
        const s0 = t.init(p)
        const [u, s1] = t.update(gradient(p), s0, p)
        expect(Object.keys(u)).toEqual(['w', 'c'])
        expect([shapeOf(u.w), shapeOf(u.c)]).toEqual(['float32[2]', 'float32[1]'])
        expect(signature(s1)).toEqual(signature(s0))
        // Every tensor of the state mirrors a parameter: same name at the end of its path, same shape.
        for (const [path, v] of stateParts(s1)) {
          if (typeof v !== 'number') expect(shapeOf(v), path).toBe(path.endsWith('.w') ? 'float32[2]' : 'float32[1]')
        }
      })
    )
    it.each(all)('%s: should keep float64 parameters in float64', (_name, tx) =>
      tx((t) => {
        const p = params([0.3, -0.2, 0.1], 'float64') as unknown as Params
        const [u, s] = t.update(gradient(p), t.init(p), p)
        expect([u.w.dtype, u.c.dtype]).toEqual(['float64', 'float64'])
        for (const [path, v] of stateParts(s)) if (typeof v !== 'number') expect(v.dtype, path).toBe('float64')
      })
    )
    it.each(all)('%s: should keep shapes and stay finite over 300 steps', (_name, tx) =>
      tx((t) => {
        const steps = run(t, 300)
        const first = signature(steps[0]![1])
        steps.forEach(([p, s], i) => {
          expect(flat(p).every(Number.isFinite), `params at step ${i}`).toBe(true)
          expect(signature(s), `state at step ${i}`).toEqual(first)
          for (const [path, v] of stateParts(s)) {
            const values = typeof v === 'number' ? [v] : Tensor.toArray(v)
            expect(values.every(Number.isFinite), `${path} at step ${i}`).toBe(true)
          }
        })
      })
    )
    it.each(all)('%s: should leave params, grads and state unchanged', (_name, tx) =>
      tx((t) => {
        const [p, s] = run(t, 2)[2]!
        const g = gradient(p)
        const stateTensors = stateParts(s).flatMap(([, v]) => (typeof v === 'number' ? [] : [v]))
        const stateBefore = JSON.stringify(
          stateParts(s).map(([k, v]) => [k, typeof v === 'number' ? v : Tensor.toArray(v)])
        )
        leavesInputsUnchanged([p.w, p.c, g.w, g.c, ...stateTensors], () => t.update(g, s, p))
        expect(JSON.stringify(stateParts(s).map(([k, v]) => [k, typeof v === 'number' ? v : Tensor.toArray(v)]))).toBe(
          stateBefore
        )
      })
    )
  })

  // Issue 4, bad input: gradients whose structure does not match the parameters.
  describe('gradients for another network', () => {
    const wrongShape = { w: Tensor.zeros([3]), c: Tensor.zeros([1]) } as unknown as Params
    const missing = { w: Tensor.zeros([2]) } as unknown as Params
    const wrongDtype = { w: Tensor.zeros([2], 'float64'), c: Tensor.zeros([1]) } as unknown as Params
    it.each(all)('%s: should stop with an error naming the path', (_name, tx) =>
      tx((t) => {
        const p = params([0.3, -0.2, 0.1])
        const s = t.init(p)
        expect(() => t.update(wrongShape, s, p)).toThrow(
          'zipParams: expected params.w of shape [2] float32, found [3] float32'
        )
        expect(() => t.update(missing, s, p)).toThrow('zipParams: expected fields {w, c} at params, found {w}')
        expect(() => t.update(wrongDtype, s, p)).toThrow(
          'zipParams: expected params.w of shape [2] float32, found [2] float64'
        )
        const r = Tensor.attempt(() => t.update(wrongShape, s, p))
        expect(E.isLeft(r) && r.left.message).toBe(
          'zipParams: expected params.w of shape [2] float32, found [3] float32'
        )
      })
    )
  })
})
