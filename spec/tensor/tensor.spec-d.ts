import type * as E from 'fp-ts/lib/Either.js'
import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

declare const dyn: _.Tensor<[number, number]>

describe('tensor (types)', () => {
  it('should infer literal shapes from nested literals', () => {
    expectTypeOf(_.tensor([[1, 2, 3], [4, 5, 6]])).toEqualTypeOf<_.Tensor<[2, 3]>>()
    expectTypeOf(_.tensor([1, 2], 'float64')).toEqualTypeOf<_.Tensor<[2], 'float64'>>()
    expectTypeOf(_.zeros([2, 3])).toEqualTypeOf<_.Tensor<[2, 3]>>()
    expectTypeOf(_.eye(3)).toEqualTypeOf<_.Tensor<[3, 3]>>()
  })
  it('should return Either where sizes are known only at run time', () => {
    const rows: Array<Array<number>> = [[1, 2]]
    expectTypeOf(_.fromNested(rows)).toEqualTypeOf<E.Either<_.ShapeError, _.Tensor<[number, number]>>>()
    expectTypeOf(_.fromArray([2, 2], [1, 2, 3, 4])).toEqualTypeOf<E.Either<_.ShapeError, _.Tensor<[2, 2]>>>()
  })
  it('should let a literal batch widen into a number-batch API, but not narrow back', () => {
    const fixed: _.Tensor<[32, 784]> = _.zeros([32, 784] as [32, 784])
    const wide: _.Tensor<[number, 784]> = fixed
    // @ts-expect-error Type 'number' is not assignable to type '32'
    const narrow: _.Tensor<[32, 784]> = wide
    expectTypeOf(narrow).toEqualTypeOf<_.Tensor<[32, 784]>>()
  })
  it('should narrow with withShape, checked at run time', () => {
    expectTypeOf(_.withShape(dyn, [10, 784])).toEqualTypeOf<E.Either<_.ShapeError, _.Tensor<[10, 784]>>>()
  })
})
