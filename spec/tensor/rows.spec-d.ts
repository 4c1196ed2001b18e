import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

declare const images: _.Tensor<[60000, 28, 28]>
declare const x: _.Tensor<[number, 784]>
declare const y: _.Tensor<[number, 10]>

describe('rows (types)', () => {
  it('should keep the row shape and widen the row count', () => {
    expectTypeOf(_.sliceRows(images, 0, 100)).toEqualTypeOf<_.Tensor<[number, 28, 28]>>()
    expectTypeOf(_.gatherRows(x, [1, 2])).toEqualTypeOf<_.Tensor<[number, 784]>>()
    expectTypeOf(_.concatRows(x, x)).toEqualTypeOf<_.Tensor<[number, 784]>>()
  })
  it('should reject stacking rows of different widths', () => {
    // @ts-expect-error Type '10' is not assignable to type '784'
    _.concatRows(x, y)
  })
  it('should reduce to typed shapes', () => {
    expectTypeOf(_.sum(y, 0)).toEqualTypeOf<_.Tensor<[10]>>()
    expectTypeOf(_.mean(y, 1)).toEqualTypeOf<_.Tensor<[number]>>()
    expectTypeOf(_.sum(y)).toEqualTypeOf<number>()
  })
})
