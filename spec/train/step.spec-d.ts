import { describe, expectTypeOf, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/train/index.js'
import { linear, sgd, softmaxCrossEntropy } from '../support/tiny-net.js'

type T<S extends Tensor.Shape> = Tensor.Tensor<S>
const net = linear(3, 2)
const tx = sgd<ReturnType<typeof net.init>>(0.1)
const x = Tensor.zeros([4, 3]) as T<[number, 3]>
const y = Tensor.zeros([4, 2]) as T<[number, 2]>

describe('step (types)', () => {
  it('should accept a generic loss and read its target type', () => {
    const step = _.trainStep(net, softmaxCrossEntropy, tx)
    expectTypeOf(step).parameter(1).toEqualTypeOf<_.Batch<T<[number, 3]>, T<[number, number]>>>()
    expectTypeOf(
      step(_.initState(net.init({ _tag: 'Key', hi: 0, lo: 0 }), tx, { _tag: 'Key', hi: 0, lo: 0 }), { x, y }).params
    ).toEqualTypeOf<ReturnType<typeof net.init>>()
  })
  it('should reject inputs of the wrong width and losses of the wrong shape', () => {
    const step = _.trainStep(net, softmaxCrossEntropy, tx)
    const s = _.initState(net.init({ _tag: 'Key', hi: 0, lo: 0 }), tx, { _tag: 'Key', hi: 0, lo: 0 })
    // @ts-expect-error x must be [number, 3]
    step(s, { x: Tensor.zeros([4, 2]) as T<[number, 2]>, y })
    // @ts-expect-error a loss on [number, 5] does not fit a network ending in [number, 2]
    _.trainStep(net, (p: T<[number, 5]>, t: Int32Array) => ({ value: t.length, grad: p }), tx)
  })
  it('should carry a monomorphic loss target exactly', () => {
    const labels = (p: T<[number, 2]>, t: Int32Array) => ({ value: t.length, grad: p })
    expectTypeOf(_.trainStep(net, labels, tx))
      .parameter(1)
      .toEqualTypeOf<_.Batch<T<[number, 3]>, Int32Array>>()
  })
})
