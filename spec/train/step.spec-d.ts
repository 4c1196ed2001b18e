import { describe, expectTypeOf, it } from 'vitest'
import { Layer, Loss, Optim, Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/train/index.js'
import { linear, sgd, softmaxCrossEntropy } from '../support/tiny-net.js'

type T<S extends Tensor.Shape> = Tensor.Tensor<S>
const net = linear(3, 2)
const tx = sgd<ReturnType<typeof net.init>>(0.1)
const x = Tensor.zeros([4, 3]) as T<[number, 3]>
const y = Tensor.zeros([4, 2]) as T<[number, 2]>

describe('step (types)', () => {
  it('should accept a generic loss and read its target type at the network\'s output', () => {
    const step = _.trainStep(net, softmaxCrossEntropy, tx)
    expectTypeOf(step).parameter(1).toEqualTypeOf<_.Batch<T<[number, 3]>, T<[number, 2]>>>()
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
  // Issue 10, item 9: the target type comes from the network's output, as in evaluate.
  describe('targets from the network (issue 10)', () => {
    const mnist = Layer.serial(Layer.input(784), Layer.dense(10))
    type Mnist = ReturnType<typeof mnist.init>
    const adam = Optim.adam<Mnist>(1e-3)
    const s0 = _.initState(mnist.init(Random.key(0)), adam, Random.key(1))
    const images = Tensor.zeros([2, 784]) as T<[number, 784]>
    it('should reject one-hot labels of another width, naming both numbers', () => {
      const step = _.trainStep(mnist, Loss.softmaxCrossEntropy, adam)
      step(s0, { x: images, y: Tensor.zeros([2, 10]) as T<[number, 10]> })
      step(s0, { x: images, y: new Int32Array(2) })
      // @ts-expect-error Type '9' is not assignable to type '10'
      step(s0, { x: images, y: Tensor.zeros([2, 9]) as T<[number, 9]> })
      // @ts-expect-error the same for trainStepChecked
      _.trainStepChecked(mnist, Loss.softmaxCrossEntropy, adam)(s0, { x: images, y: Tensor.zeros([2, 9]) as T<[number, 9]> })
      // @ts-expect-error the same for valueAndGrad
      _.valueAndGrad(mnist, Loss.softmaxCrossEntropy)(s0.params, { x: images, y: Tensor.zeros([2, 9]) as T<[number, 9]> }, Random.key(0))
    })
    it('should reject [number, 1] targets for a [number, 10] MSE network', () => {
      const step = _.trainStep(mnist, Loss.meanSquaredError, adam)
      expectTypeOf(step).parameter(1).toEqualTypeOf<_.Batch<T<[number, 784]>, T<[number, 10]>>>()
      // @ts-expect-error Type '1' is not assignable to type '10'
      step(s0, { x: images, y: Tensor.zeros([2, 1]) as T<[number, 1]> })
      // @ts-expect-error the same for trainStepChecked
      _.trainStepChecked(mnist, Loss.meanSquaredError, adam)(s0, { x: images, y: Tensor.zeros([2, 1]) as T<[number, 1]> })
      // @ts-expect-error the same for valueAndGrad
      _.valueAndGrad(mnist, Loss.meanSquaredError)(s0.params, { x: images, y: Tensor.zeros([2, 1]) as T<[number, 1]> }, Random.key(0))
    })
    it('should reject float64 labels in a float32 step, naming both dtypes', () => {
      const y64 = Tensor.zeros([2, 10], 'float64') as Tensor.Tensor<[number, 10], 'float64'>
      // @ts-expect-error Type '"float64"' is not assignable to type '"float32"'
      _.trainStep(mnist, Loss.softmaxCrossEntropy, adam)(s0, { x: images, y: y64 })
      // @ts-expect-error the same for trainStepChecked
      _.trainStepChecked(mnist, Loss.meanSquaredError, adam)(s0, { x: images, y: y64 })
      // @ts-expect-error the same for valueAndGrad
      _.valueAndGrad(mnist, Loss.softmaxCrossEntropy)(s0.params, { x: images, y: y64 }, Random.key(0))
    })
  })
})
