import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/train/evaluate.js'
import { fold } from '../../src/train/index.js'
import { linear, softmaxCrossEntropy } from '../support/tiny-net.js'

// W = I, b = 0: the prediction is the input itself, so the argmax is the larger column.
const net = linear(2, 2)
const params = { w: Tensor.eye(2), b: Tensor.zeros([2]) }
const b1 = {
  x: Tensor.tensor([
    [2, 0],
    [0, 2]
  ]),
  y: Tensor.tensor([
    [1, 0],
    [1, 0]
  ])
}
const b2 = { x: Tensor.tensor([[0, 2]]), y: Tensor.tensor([[0, 1]]) }
// Loss of a row whose right logit wins by 2: log(1 + e⁻²); losing by 2: log(1 + e²).
const lWin = Math.log(1 + Math.exp(-2))
const lLose = Math.log(1 + Math.exp(2))

describe('evaluate', () => {
  describe('evaluate', () => {
    it('should give the mean loss over rows, accuracy and confusion matrix', () => {
      const m = _.evaluate(net, softmaxCrossEntropy, 2)(params)([b1, b2])
      expect(m.count).toBe(3)
      expect(m.loss).toBeCloseTo((lWin + lLose + lWin) / 3, 6)
      expect(m.accuracy).toBeCloseTo(2 / 3, 12)
      expect(m.confusion).toEqual([
        [1, 1],
        [0, 1]
      ])
    })
    it('should weight batches by their rows, so batching does not change the result', () => {
      const one = { x: Tensor.concatRows(b1.x, b2.x), y: Tensor.concatRows(b1.y, b2.y) }
      const a = _.evaluate(net, softmaxCrossEntropy, 2)(params)([one])
      expect(a.loss).toBeCloseTo(_.evaluate(net, softmaxCrossEntropy, 2)(params)([b1, b2]).loss, 6)
    })
    it('should be a fold: evaluation pieces give the same answer', () => {
      const e = _.evaluation(net, softmaxCrossEntropy, 2)(params)
      expect(e.done(fold(e.step, e.init)([b1, b2]))).toEqual(_.evaluate(net, softmaxCrossEntropy, 2)(params)([b1, b2]))
      expect(e.init.confusion).toEqual([
        [0, 0],
        [0, 0]
      ])
    })
    it('should give NaN, not a division by zero, for no batches', () => {
      expect(_.evaluate(net, softmaxCrossEntropy, 2)(params)([]).accuracy).toBeNaN()
    })
  })
})
