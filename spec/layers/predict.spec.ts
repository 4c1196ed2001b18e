import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

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
