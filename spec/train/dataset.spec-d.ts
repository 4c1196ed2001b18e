import * as E from 'fp-ts/lib/Either.js'
import { describe, expectTypeOf, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/train/dataset.js'

type T<S extends Tensor.Shape, D extends Tensor.DType = 'float32'> = Tensor.Tensor<S, D>
const tensors = { x: Tensor.zeros([6, 784]) as T<[number, 784]>, y: Tensor.zeros([6, 10], 'float64') as T<[number, 10], 'float64'> }

describe('dataset (types)', () => {
  it('should type each batch field with its tensor row shape and dtype', () => {
    expectTypeOf<_.BatchOf<typeof tensors>>().toEqualTypeOf<{ readonly x: T<[number, 784]>; readonly y: T<[number, 10], 'float64'> }>()
    const d = _.dataset(tensors)
    expectTypeOf(d).toEqualTypeOf<E.Either<_.StreamError, _.Dataset<typeof tensors>>>()
    if (E.isRight(d)) expectTypeOf(_.batch(2)(d.right)).toEqualTypeOf<E.Either<_.StreamError, Iterable<_.BatchOf<typeof tensors>>>>()
  })
  it('should refuse tensors without a rows axis', () => {
    // @ts-expect-error a scalar has no rows
    _.dataset({ s: Tensor.scalar(1) })
  })
})
