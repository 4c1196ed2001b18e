import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

declare const batch: _.Tensor<[100, 784]>
declare const images: _.Tensor<[number, 28, 28]>
declare const big: _.Tensor<[128, 784, 512]>

describe('reshape (types)', () => {
  it('should compute products above 10,000 digit by digit', () => {
    expectTypeOf<_.Product<[100, 784]>>().toEqualTypeOf<78400>()
    expectTypeOf<_.Product<[128, 784, 512]>>().toEqualTypeOf<51380224>()
    expectTypeOf<_.Product<[number, 784]>>().toEqualTypeOf<number>()
    expectTypeOf<_.Multiply<99999, 99999>>().toEqualTypeOf<9999800001>()
  })
  it('should accept a reshape that keeps the element count', () => {
    expectTypeOf(_.reshape(batch, [78400])).toEqualTypeOf<_.Tensor<[78400]>>()
    expectTypeOf(_.reshape(batch, [200, 392])).toEqualTypeOf<_.Tensor<[200, 392]>>()
    expectTypeOf(_.reshape(big, [51380224])).toEqualTypeOf<_.Tensor<[51380224]>>()
  })
  it('should reject a reshape that changes it, naming both counts', () => {
    // @ts-expect-error Property 'reshapeError' is missing: "cannot reshape 78400 elements into 78401"
    _.reshape(batch, [78401])
    // @ts-expect-error
    _.reshape(batch, [100, 785])
  })
  it('should leave number dimensions to the run-time check', () => {
    expectTypeOf(_.reshape(images, [10, 784])).toEqualTypeOf<_.Tensor<[10, 784]>>()
  })
})
