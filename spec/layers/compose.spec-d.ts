import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

declare const x784: Tensor.Tensor<[number, 784]>
declare const x100: Tensor.Tensor<[number, 100]>
declare const batch: Tensor.Tensor<[32, 784]>

describe('compose (types)', () => {
  const net = _.serial(_.input(784), _.dense(100), _.relu(), _.dense(10))

  it('should type serial(input(784), dense(100), relu(), dense(10)) as [number, 784] → [number, 10]', () => {
    expectTypeOf<_.InputOf<typeof net>>().toEqualTypeOf<[number, 784]>()
    expectTypeOf<_.OutputOf<typeof net>>().toEqualTypeOf<[number, 10]>()
    expectTypeOf<_.ParamsOf<typeof net>>().toEqualTypeOf<readonly [_.DenseParams<784, 100>, _.NoParams, _.DenseParams<100, 10>]>()
    expectTypeOf<_.TapeOf<typeof net>>().toEqualTypeOf<readonly [_.DenseTape<784>, Tensor.Tensor<[number, 100]>, _.DenseTape<100>]>()
    expectTypeOf(net).toEqualTypeOf<
      _.Layer<[number, 784], [number, 10], readonly [_.DenseParams<784, 100>, _.NoParams, _.DenseParams<100, 10>], readonly [_.DenseTape<784>, Tensor.Tensor<[number, 100]>, _.DenseTape<100>]>
    >()
  })
  it('should accept a batch of the right width (any batch size) and reject a tensor of the wrong width', () => {
    const p = net.init(null as never)
    expectTypeOf(net.forward(p, x784, _.evalCtx)[0]).toEqualTypeOf<Tensor.Tensor<[number, 10]>>()
    net.forward(p, batch, _.evalCtx)
    // @ts-expect-error Type '100' is not assignable to type '784'
    net.forward(p, x100, _.evalCtx)
  })
  it('should reject a pre-built dense(50, 10) after a 100-wide stage, at that argument, naming 50 and 100', () => {
    // @ts-expect-error Argument of type 'Dense<50, 10>' is not assignable to … ShapeErrorAt<"expected a layer taking [number, 100], found one taking [number, 50]">
    _.serial(_.input(784), _.dense(100), _.relu(), _.dense(50, 10))
    const args = [_.input(784), _.dense(100), _.relu(), _.dense(50, 10)] as const
    expectTypeOf<_.Analyse<typeof args>['args'][3]>().toEqualTypeOf<_.ShapeErrorAt<'expected a layer taking [number, 100], found one taking [number, 50]'>>()
    expectTypeOf<_.Analyse<typeof args>['args'][1]>().toEqualTypeOf<_.Stage<_.DenseKind<100>>>()
  })
  it('should chain pre-built layers and stages, each learning from the one before', () => {
    const mixed = _.serial(_.dense(784, 128), _.relu(), _.dense(128, 64), _.sigmoid(), _.dense(10))
    expectTypeOf<_.OutputOf<typeof mixed>>().toEqualTypeOf<[number, 10]>()
    expectTypeOf<_.ParamsOf<typeof mixed>[4]>().toEqualTypeOf<_.DenseParams<64, 10>>()
  })
  it('should give every stage the network dtype, and reject a pre-built layer of another dtype', () => {
    const n64 = _.serial(_.input(3, 'float64'), _.dense(2), _.softmax())
    expectTypeOf<_.DTypeOf<typeof n64>>().toEqualTypeOf<'float64'>()
    expectTypeOf<_.ParamsOf<typeof n64>[0]>().toEqualTypeOf<_.DenseParams<3, 2, 'float64'>>()
    // @ts-expect-error expected a float64 layer, found a float32 one: a network has one dtype
    _.serial(_.input(3, 'float64'), _.dense(3, 2))
  })
  it('should reject a network that starts with a stage whose input is unknown, or an input that is not first', () => {
    // @ts-expect-error serial starts with input(…) or a pre-built layer
    _.serial(_.relu(), _.dense(10))
    // @ts-expect-error input(…) may only be the first stage
    _.serial(_.input(3), _.dense(2), _.input(2))
  })
  it('should reject a stage that cannot take the shape flowing in (dense on images: flatten first)', () => {
    // @ts-expect-error dense(10) takes a batch of vectors [number, width], found [number, 28, 28]: flatten() first
    _.serial(_.input([28, 28]), _.dense(10))
    const cnn = _.serial(_.input([28, 28]), _.flatten(), _.dense(10))
    expectTypeOf<_.ParamsOf<typeof cnn>[1]>().toEqualTypeOf<_.DenseParams<784, 10>>()
  })

  describe('andThen', () => {
    it('should type f then g, and reject g taking another shape', () => {
      const fg = _.andThen(_.dense(784, 100), _.dense(100, 10))
      expectTypeOf(fg).toEqualTypeOf<_.Layer<[number, 784], [number, 10], readonly [_.DenseParams<784, 100>, _.DenseParams<100, 10>], readonly [_.DenseTape<784>, _.DenseTape<100>]>>()
      // @ts-expect-error Type '[number, 50]' is not assignable to type '[number, 100]'
      _.andThen(_.dense(784, 100), _.dense(50, 10))
      // @ts-expect-error float64 after float32
      _.andThen(_.dense(784, 100), _.dense(100, 10, { dtype: 'float64' }))
    })
  })
})
