import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

describe('batchNorm shapes and state (type level)', () => {
  it('should keep the shape after a convolution and give parameters and state of its channels', () => {
    const net = _.serial(
      _.input([1, 28, 28]),
      _.conv2d({ filters: 16, kernel: 3, padding: 1 }),
      _.batchNorm(),
      _.relu(),
      _.maxPool2d({ size: 2 }),
      _.flatten(),
      _.dense(32),
      _.batchNorm({ momentum: 0.01 }),
      _.relu(),
      _.dense(10)
    )
    expectTypeOf<_.InputOf<typeof net>>().toEqualTypeOf<[number, 1, 28, 28]>()
    expectTypeOf<_.OutputOf<typeof net>>().toEqualTypeOf<[number, 10]>()
    type P = _.ParamsOf<typeof net>
    expectTypeOf<P[1]>().toEqualTypeOf<_.BatchNormParams<16>>()
    expectTypeOf<P[6]['gamma']>().toEqualTypeOf<Tensor.Tensor<[32]>>()
    type St = _.StateOf<typeof net>
    expectTypeOf<St[1]>().toEqualTypeOf<_.BatchNormState<16>>()
    expectTypeOf<St[6]['variance']>().toEqualTypeOf<Tensor.Tensor<[32]>>()
    expectTypeOf<St[0]>().toEqualTypeOf<undefined>()
  })
  it('should be shape-preserving on [number, F] and float64', () => {
    const l = _.build(_.input(7, 'float64'), _.batchNorm())
    expectTypeOf(l).toEqualTypeOf<
      _.Layer<[number, 7], [number, 7], _.BatchNormParams<7, 'float64'>, _.BatchNormTape<'float64'>, 'float64', _.BatchNormState<7, 'float64'>>
    >()
  })
  it('should refuse inputs that are neither [number, F] nor images, naming the shape', () => {
    // @ts-expect-error: batchNorm takes features [number, F] or images [number, C, H, W], found [number, 2, 5]
    _.serial(_.input([2, 5]), _.batchNorm())
    // @ts-expect-error: a dense layer built for 10 inputs after batchNorm over 16 channels of 28×28
    _.serial(_.input([16, 28, 28]), _.batchNorm(), _.flatten(), _.dense(10, 5))
  })
  it('should make a network without batchNorm keep no state', () => {
    const net = _.serial(_.input(4), _.dense(3), _.relu())
    expectTypeOf<_.StateOf<typeof net>>().toEqualTypeOf<undefined>()
  })
})
