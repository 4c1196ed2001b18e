import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

declare const codes: Uint8Array
declare const count: number

describe('fromByteCodes (types)', () => {
  it('should type the shape from its literal and the dtype from its argument (float32 by default)', () => {
    expectTypeOf(_.fromByteCodes([2, 3], codes, [0, 1])).toEqualTypeOf<_.Tensor<[2, 3]>>()
    expectTypeOf(_.fromByteCodes([count, 784], codes, [0, 1], 'float64')).toEqualTypeOf<_.Tensor<[number, 784], 'float64'>>()
  })
  it('should give a tensor that a layer expecting other rows refuses', () => {
    const images = _.fromByteCodes([count, 784], codes, [0, 1])
    // @ts-expect-error a [number, 784] tensor is not a [number, 100] one
    const wrong: _.Tensor<[number, 100]> = images
    expectTypeOf(wrong).toEqualTypeOf<_.Tensor<[number, 100]>>()
  })
  it('should take only bytes as codes', () => {
    // @ts-expect-error codes are a Uint8Array
    _.fromByteCodes([2], [0, 1], [0, 1])
  })
})
