import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
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
      expect(r.left.state).toEqual(unchecked(unchecked(s0, batches[0]!), batches[1]!))
    })
    it('should name the gradient when only a gradient is non-finite', () => {
      // A loss whose value is finite but whose gradient is +Inf: dW = Xᵀ·Δ is then +Inf too.
      const infiniteGrad = (pred: Tensor.Tensor<[number, 2]>) => ({ value: 1, grad: Tensor.map(pred, () => Infinity) })
      const s0 = initState(net.init(Random.key(0)), tx, Random.key(1))
      const r = _.trainStepChecked(net, infiniteGrad, tx)(s0, good(1), 7)
      expect(E.isLeft(r) && r.left.where).toBe('params.w[0]')
      expect(E.isLeft(r) && r.left.message).toMatch(
        /^non-finite gradient params\.w\[0\] = -?Infinity at step 1 \(batch 7\)/
      )
    })
    it('should equal trainStep when everything is finite', () => {
      const s0 = initState(net.init(Random.key(0)), tx, Random.key(1))
      expect(_.trainStepChecked(net, softmaxCrossEntropy, tx)(s0, good(1))).toEqual(
        E.right(trainStep(net, softmaxCrossEntropy, tx)(s0, good(1)))
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
  })
})
