import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { runningMean } from '../support/running-mean.js'

const net = _.serial(_.input(5), _.dense(7), _.relu(), _.dropout(0.5), _.dense(3))
const params = net.init(Random.key(0))
const x = Random.normal(Random.key(1), [103, 5] as [number, 5])

describe('predict', () => {
  it('should equal one eval-mode forward over all rows, for batches that divide the rows or not', () => {
    const whole = net.forward(params, x, _.evalCtx)[0]
    for (const batch of [1, 10, 64, 103, 1000]) {
      const y = leavesInputsUnchanged([x], () => _.predict(net, params, x, { batch }))
      expect(y.shape).toEqual([103, 3])
      expect(Array.from(y.data)).toEqual(Array.from(whole.data))
    }
  })
  it('should run in eval mode: dropout is the identity, so two calls agree', () => {
    expect(Array.from(_.predict(net, params, x).data)).toEqual(Array.from(_.predict(net, params, x, { batch: 7 }).data))
  })
  it('should refuse a batch size that is not a positive integer, naming it', () => {
    expect(() => _.predict(net, params, x, { batch: 0 })).toThrow(/predict: expected a batch size that is a positive integer, found 0/)
    expect(Tensor.attempt(() => _.predict(net, params, x, { batch: 2.5 }))._tag).toBe('Left')
  })
})

describe('predict on a network with state', () => {
  const snet = _.serial(_.input(2), runningMean(2), _.dense(3))
  const sparams = snet.init(Random.key(2))
  const sx = Random.normal(Random.key(3), [7, 2] as [number, 2])
  const state = [{ mean: Tensor.tensor([0.5, -2]) as Tensor.Tensor<[2]> }, undefined] as const
  it('should read the carried running statistics in eval mode, in every batch', () => {
    const want = snet.forward(sparams, sx, _.evalCtxWith(state))[0]
    for (const batch of [2, 7]) expect(Tensor.allClose(_.predict(snet, sparams, sx, { batch, state }), want)).toBe(true)
    const other = _.predict(snet, sparams, sx, { state: [{ mean: Tensor.zeros([2]) }, undefined] })
    expect(Tensor.allClose(other, want)).toBe(false)
  })
  it('should stop with the layer\'s own error when a stateful network is given no state', () => {
    expect(() => _.predict(snet, sparams, sx)).toThrow(/eval mode needs ctx.state/)
  })
})
