import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { Optim, Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/train/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { blobs, linear, sgd, softmaxCrossEntropy } from '../support/tiny-net.js'

const net = linear(2, 2)
const tx = sgd<ReturnType<typeof net.init>>(0.5)
const data = E.getOrElseW((e: _.StreamError) => expect.fail(e.message))(_.dataset(blobs(1, 64)))
const epochOf = E.getOrElseW((e: _.StreamError) => expect.fail(e.message))(_.epochs(16)(data))

// Train `epochs` epochs from a seed: parameters from one child key, shuffling from another.
const train = (seed: number, epochs: number) => {
  const [kInit, kData, kTrain] = Random.splitN(Random.key(seed), 3)
  const step = _.trainStep(net, softmaxCrossEntropy, tx)
  let s = _.initState(net.init(kInit!), tx, kTrain!)
  for (let e = 0; e < epochs; e++) s = _.fold(step, s)(epochOf(kData!, e))
  return s
}

const meanLoss = (params: ReturnType<typeof net.init>) =>
  _.evaluate(net, softmaxCrossEntropy, 2)(params)(E.getOrElseW(() => expect.fail('batch'))(_.batch(64)(data))).loss

describe('step', () => {
  describe('trainStep', () => {
    it('should take one step of θ − η·∂L/∂θ with the gradient worked by hand', () => {
      // X = [[1, 2]], W = 0, b = 0, target class 1: softmax = [½, ½], dY = [½, −½];
      // dW = Xᵀ·dY = [[½, −½], [1, −1]], db = [½, −½]; with η = 0.5: W′ = −η·dW, b′ = −η·db.
      const p = { w: Tensor.zeros([2, 2]), b: Tensor.zeros([2]) }
      const s0 = _.initState(p, tx, Random.key(0))
      const batch = { x: Tensor.tensor([[1, 2]]), y: Tensor.tensor([[0, 1]]) }
      const s1 = leavesInputsUnchanged([p.w, p.b, batch.x, batch.y], () =>
        _.trainStep(net, softmaxCrossEntropy, tx)(s0, batch)
      )
      expect(Tensor.toNested(s1.params.w)).toEqual([
        [-0.25, 0.25],
        [-0.5, 0.5]
      ])
      expect(Tensor.toArray(s1.params.b)).toEqual([-0.25, 0.25])
      expect(s1.step).toBe(1)
      expect(s1.loss).toBeCloseTo(Math.log(2), 6)
      expect(s1.key).toEqual(Random.split(s0.key)[0])
    })
    it('should make the loss fall on a tiny separable problem', () => {
      const s0 = train(3, 0)
      const s = train(3, 5)
      expect(meanLoss(s.params)).toBeLessThan(0.1)
      expect(meanLoss(s.params)).toBeLessThan(meanLoss(s0.params) / 5)
      expect(
        _.evaluate(net, softmaxCrossEntropy, 2)(s.params)(E.getOrElseW(() => expect.fail('batch'))(_.batch(64)(data)))
          .accuracy
      ).toBe(1)
    })
    it('should give bit-identical parameters for the same seed and different ones for another', () => {
      const bits = (s: ReturnType<typeof train>) =>
        Optim.leaves(s.params).map(([path, t]) => [path, Array.from(new Uint32Array(Float32Array.from(t.data).buffer))])
      const a = train(7, 3)
      const b = train(7, 3)
      const c = train(8, 3)
      expect(bits(a)).toEqual(bits(b))
      expect(bits(a)).not.toEqual(bits(c))
      expect(a.step).toBe(12)
    })
  })
  describe('trainStep over streams', () => {
    it('should train from an async stream read in chunks exactly as from batches in memory', async () => {
      const s0 = train(3, 0)
      const step = _.trainStep(net, softmaxCrossEntropy, tx)
      const inMemory = _.fold(step, s0)(E.getOrElseW(() => expect.fail('batch'))(_.batch(16)(data)))
      // The same 64 rows arriving as a "file" in chunks of 10 rows, re-cut into batches of 16.
      const all = blobs(1, 64)
      const file: AsyncIterable<typeof all> = {
        async *[Symbol.asyncIterator]() {
          for (let at = 0; at < 64; at += 10)
            yield await Promise.resolve({
              x: Tensor.sliceRows(all.x, at, at + 10),
              y: Tensor.sliceRows(all.y, at, at + 10)
            })
        }
      }
      const batches = E.getOrElseW(() => expect.fail('rebatch'))(_.rebatch(16)(file))
      const fromFile = await _.foldEither(
        (s: typeof s0, b: E.Either<_.StreamError, _.BatchOf<typeof all>>) =>
          E.map((x: _.BatchOf<typeof all>) => step(s, x))(b),
        s0
      )(batches)
      expect(fromFile).toEqual(E.right(inMemory))
    })
    it('should record a history whose training loss falls epoch by epoch', () => {
      const [kInit, kData, kTrain] = Random.splitN(Random.key(11), 3)
      const step = _.trainStep(net, softmaxCrossEntropy, tx)
      let s = _.initState(net.init(kInit!), tx, kTrain!)
      let history: _.History = []
      for (let e = 1; e <= 4; e++) {
        const losses = [..._.scan(step, s)(epochOf(kData!, e))].map((x) => ((s = x), x.loss))
        history = _.record(e, s.step, {
          trainLoss: losses.reduce((a, b) => a + b) / losses.length,
          validLoss: meanLoss(s.params)
        })(history)
      }
      const trainLoss = _.series('trainLoss')(history)
      trainLoss.slice(1).forEach((l, i) => expect(l).toBeLessThan(trainLoss[i]!))
      expect(history.map((r) => r.step)).toEqual([4, 8, 12, 16])
      expect(O.map((r: _.EpochRecord) => r.epoch)(_.bestEpoch({ metric: 'validLoss', mode: 'min' })(history))).toEqual(
        O.some(4)
      )
    })
  })
  describe('valueAndGrad', () => {
    it('should agree with central differences of the loss', () => {
      const p = net.init(Random.key(5))
      const batch = { x: Tensor.astype(blobs(2, 4).x, 'float32'), y: blobs(2, 4).y }
      const { grads } = _.valueAndGrad(net, softmaxCrossEntropy)(p, batch, Random.key(0))
      const h = 1e-2
      const lossAt = (w: Tensor.Tensor<[2, 2]>) =>
        softmaxCrossEntropy(net.forward({ ...p, w }, batch.x, { key: Random.key(0), mode: 'eval' })[0], batch.y).value
      for (let i = 0; i < 4; i++) {
        const bump = (d: number) => Tensor.generate([2, 2], (j) => p.w.data[j]! + (j === i ? d : 0))
        const numeric = (lossAt(bump(h)) - lossAt(bump(-h))) / (2 * h)
        expect(grads.w.data[i]!).toBeCloseTo(numeric, 3)
      }
    })
  })
})
