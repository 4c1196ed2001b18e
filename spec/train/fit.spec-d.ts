import { describe, expectTypeOf, it } from 'vitest'
import { Layer, Loss, Optim, Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/train/index.js'

type T<S extends Tensor.Shape, D extends Tensor.DType = 'float32'> = Tensor.Tensor<S, D>
const net = Layer.serial(Layer.input(784), Layer.dense(32), Layer.relu(), Layer.dense(10))
type P = ReturnType<typeof net.init>
const tx = Optim.adam<P>(1e-3)
const x = Tensor.zeros([4, 784]) as T<[number, 784]>
const y = Tensor.zeros([4, 10]) as T<[number, 10]>
const key = Random.key(0)

describe('fit (types)', () => {
  it('should take targets of the network output shape and return the state of its parameters', () => {
    const r = _.fit(net, Loss.softmaxCrossEntropy, tx, { x, y }, { epochs: 1, batch: 4, key })
    expectTypeOf(r).toMatchTypeOf<import('fp-ts/lib/Either.js').Either<_.FitError<P, unknown>, _.Fitted<P, unknown>>>()
    _.fit(net, Loss.meanSquaredError, tx, { x, y }, { epochs: 1, batch: 4, key, validation: { x, y } })
  })
  it('should reject one-hot labels [number, 9] for a 10-output network', () => {
    // @ts-expect-error 9 is not 10
    _.fit(net, Loss.softmaxCrossEntropy, tx, { x, y: Tensor.zeros([4, 9]) as T<[number, 9]> }, { epochs: 1, batch: 4, key })
  })
  it('should reject [number, 1] targets for a [number, 10] MSE network', () => {
    // @ts-expect-error 1 is not 10
    _.fit(net, Loss.meanSquaredError, tx, { x, y: Tensor.zeros([4, 1]) as T<[number, 1]> }, { epochs: 1, batch: 4, key })
  })
  it('should reject float64 labels in a float32 run', () => {
    // @ts-expect-error float64 is not float32
    _.fit(net, Loss.softmaxCrossEntropy, tx, { x, y: Tensor.zeros([4, 10], 'float64') as T<[number, 10], 'float64'> }, { epochs: 1, batch: 4, key })
  })
  it('should reject validation data of another width', () => {
    const narrow = { x: Tensor.zeros([4, 780]) as T<[number, 780]>, y }
    // @ts-expect-error 780 is not 784
    _.fit(net, Loss.softmaxCrossEntropy, tx, { x, y }, { epochs: 1, batch: 4, key, validation: narrow })
  })
  it('should return a Promise for an async epoch stream', () => {
    const stream = (_k: Random.Key, _e: number): AsyncIterable<_.Batch<T<[number, 784]>, T<[number, 10]>>> => ({
      async *[Symbol.asyncIterator]() {
        yield { x, y }
      }
    })
    expectTypeOf(_.fit(net, Loss.softmaxCrossEntropy, tx, stream, { epochs: 1, batch: 4, key })).toMatchTypeOf<Promise<unknown>>()
  })
})
