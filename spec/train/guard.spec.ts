import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Optim, Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/train/guard.js'
import { foldEither, initState, trainStep } from '../../src/train/index.js'
import { linear, sgd, softmaxCrossEntropy } from '../support/tiny-net.js'

const net = linear(2, 2)
const tx = sgd<ReturnType<typeof net.init>>(0.1)
const good = (v: number) => ({ x: Tensor.tensor([[v, 1]]), y: Tensor.tensor([[1, 0]]) })
const batches = [good(1), good(2), { x: Tensor.tensor([[Number.NaN, 1]]), y: Tensor.tensor([[1, 0]]) }, good(3)]

describe('guard', () => {
  describe('trainStepChecked', () => {
    it('should stop at a NaN, naming step and batch, and hand back the last finite state', () => {
      const s0 = initState(net.init(Random.key(0)), tx, Random.key(1))
      const r = foldEither(_.trainStepChecked(net, softmaxCrossEntropy, tx), s0)(batches)
      if (E.isRight(r)) return expect.fail('expected the guard to stop')
      expect(r.left.index).toBe(2)
      expect(r.left.error).toMatchObject({ _tag: 'NonFinite', step: 3, batch: 2, where: 'loss' })
      expect(r.left.error.message).toBe(
        'non-finite loss = NaN at step 3 (batch 2); stopped before applying it, keeping the state after step 2'
      )
      const unchecked = trainStep(net, softmaxCrossEntropy, tx)
      expect({ ...r.left.state, divergence: undefined }).toEqual(unchecked(unchecked(s0, batches[0]!), batches[1]!))
    })
    it('should name the gradient when only a gradient is non-finite', () => {
      // A loss whose value is finite but whose gradient is +Inf: dW = Xᵀ·Δ is then +Inf too.
      const infiniteGrad = (pred: Tensor.Tensor<[number, 2]>) => ({ value: 1, grad: Tensor.map(pred, () => Infinity) })
      const s0 = initState(net.init(Random.key(0)), tx, Random.key(1))
      const r = _.trainStepChecked(net, infiniteGrad, tx)(s0, good(1), 7)
      expect(E.isLeft(r) && r.left._tag === 'NonFinite' && r.left.where).toBe('params.w[0]')
      expect(E.isLeft(r) && r.left.message).toMatch(
        /^non-finite gradient params\.w\[0\] = -?Infinity at step 1 \(batch 7\)/
      )
    })
    it('should equal trainStep when everything is finite', () => {
      const s0 = initState(net.init(Random.key(0)), tx, Random.key(1))
      // The same state, plus what the divergence guard remembers (the first loss, and no divergence).
      const unchecked = trainStep(net, softmaxCrossEntropy, tx)(s0, good(1))
      expect(_.trainStepChecked(net, softmaxCrossEntropy, tx)(s0, good(1))).toEqual(
        E.right({ ...unchecked, divergence: { reference: unchecked.loss, aboveSince: 0 } })
      )
    })
  })
  describe('firstNonFinite', () => {
    it('should find the first NaN or infinity by path', () => {
      expect(_.firstNonFinite([{ w: Tensor.tensor([1, 2]) }, { w: Tensor.tensor([3, -Infinity]) }])).toEqual([
        'params[1].w[1]',
        -Infinity
      ])
      expect(_.firstNonFinite({ w: Tensor.tensor([1]) })).toBeUndefined()
    })
    it('should find NaN, +Inf and −Inf at the first, a middle and the last index, in float32 and float64', () => {
      for (const dtype of ['float32', 'float64'] as const)
        for (const bad of [Number.NaN, Infinity, -Infinity])
          for (const at of [0, 500, 999]) {
            const w = Tensor.generate([1000], (i) => (i === at ? bad : i === 999 - at ? 3e38 : -i), dtype)
            expect(_.firstNonFinite({ a: Tensor.tensor([1, 2], dtype), w })).toEqual([`params.w[${at}]`, bad])
          }
      // The largest float32 and float64 values are finite.
      expect(_.firstNonFinite({ w: Tensor.tensor([3.4028234663852886e38, -1.7976931348623157e308], 'float64') })).toBeUndefined()
    })
  })
  // Issue 16, item 3: a loss that diverges but stays finite.
  describe('divergence', () => {
    // A loss whose value is the batch's target, with no gradient: the losses of a run, scripted.
    const scripted = (pred: Tensor.Tensor<[number, 2]>, value: number) => ({ value, grad: Tensor.scale(pred, 0) })
    const run = (losses: ReadonlyArray<number>, options?: _.GuardOptions) =>
      foldEither(_.trainStepChecked(net, scripted, tx, options), initState(net.init(Random.key(0)), tx, Random.key(1)))(
        losses.map((y) => ({ x: Tensor.tensor([[1, 1]]), y }))
      )
    it('should stop once the loss has stayed above 100 × the first loss for 5 steps, naming step and batch', () => {
      const r = run([2, 3, 250, 300, 1e4, 1e8, 3.7e13, 5])
      if (E.isRight(r)) return expect.fail('expected the divergence guard to stop')
      expect(r.left.index).toBe(6)
      expect(r.left.state.step).toBe(6)
      expect(r.left.error).toMatchObject({ _tag: 'Diverged', step: 7, batch: 6, value: 3.7e13, bound: 200, since: 3 })
      expect(r.left.error.message).toBe(
        'diverging loss = 37000000000000 at step 7 (batch 6): above 200 (100 × the first loss 2) since step 3; ' +
          'stopped before applying it, keeping the state after step 6'
      )
    })
    it('should not stop for spikes that come back down, nor when turned off', () => {
      expect(E.isRight(run([2, 500, 500, 500, 500, 3, 500, 500, 500, 500, 4]))).toBe(true)
      expect(E.isRight(run([2, 500, 500, 500, 500, 500, 500], { divergence: false }))).toBe(true)
    })
    it('should take factor and patience as options, with a floor of 1 under the first loss', () => {
      const r = run([1e-6, 11, 12], { divergence: { factor: 10, patience: 2 } })
      expect(E.isLeft(r) && r.left.error).toMatchObject({ _tag: 'Diverged', step: 3, bound: 10, since: 2 })
    })
    it('should catch a real run with a learning rate of 1e6 before its loss is NaN', () => {
      // Adam moves every weight by about the learning rate per step (the MNIST case of issue 16).
      const wild = Optim.adam<ReturnType<typeof net.init>>(1e6)
      const batch = { x: Tensor.tensor([[1, 0], [0, 1], [1, 1], [-1, 2]]), y: Tensor.tensor([[1, 0], [0, 1], [0, 1], [1, 0]]) }
      const data = Array.from({ length: 40 }, () => batch)
      const r = foldEither(_.trainStepChecked(net, softmaxCrossEntropy, wild), initState(net.init(Random.key(0)), wild, Random.key(1)))(data)
      if (E.isRight(r)) return expect.fail('expected the divergence guard to stop')
      expect(r.left.error._tag).toBe('Diverged')
      expect(Number.isFinite(r.left.error.value)).toBe(true)
      expect(Number.isFinite(r.left.state.loss)).toBe(true)
    })
  })
})
