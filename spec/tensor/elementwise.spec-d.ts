import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

declare const a: _.Tensor<[number, 100]>
declare const b: _.Tensor<[number, 100]>
declare const c: _.Tensor<[number, 50]>
declare const a64: _.Tensor<[number, 100], 'float64'>

describe('elementwise (types)', () => {
  it('should keep the shape', () => {
    expectTypeOf(_.add(a, b)).toEqualTypeOf<_.Tensor<[number, 100]>>()
    expectTypeOf(_.relu(a)).toEqualTypeOf<_.Tensor<[number, 100]>>()
    expectTypeOf(_.scale(a64, 2)).toEqualTypeOf<_.Tensor<[number, 100], 'float64'>>()
  })
  it('should reject element-wise ops on different shapes', () => {
    // @ts-expect-error Type '50' is not assignable to type '100'
    _.add(a, c)
    // @ts-expect-error
    _.mul(a, c)
    // @ts-expect-error
    _.zipWith(a, c, Math.max)
  })
  it('should reject a bias of the wrong width', () => {
    expectTypeOf(_.addRow(a, _.zeros([100]))).toEqualTypeOf<_.Tensor<[number, 100]>>()
    // @ts-expect-error Type '50' is not assignable to type '100'
    _.addRow(a, _.zeros([50]))
  })
  it('should reject mixing dtypes, and convert explicitly', () => {
    // @ts-expect-error Type '"float64"' is not assignable to type '"float32"'
    _.add(a, a64)
    expectTypeOf(_.add(a, _.astype(a64, 'float32'))).toEqualTypeOf<_.Tensor<[number, 100]>>()
  })
  it('should not let anyone write a tensor\'s data', () => {
    // @ts-expect-error Index signature in type 'ReadonlyData<"float32">' only permits reading
    a.data[0] = 1
    // @ts-expect-error set is not part of ReadonlyData
    a.data.set([1])
    // @ts-expect-error shape is readonly
    a.shape = [1, 100]
  })
  it('should only let src/tensor mint a tensor', () => {
    // @ts-expect-error a plain object lacks the brand
    const fake: _.Tensor<[1]> = { shape: [1], dtype: 'float32', size: 1, data: new Float32Array(1) }
    expectTypeOf(fake).toEqualTypeOf<_.Tensor<[1]>>()
  })
})
