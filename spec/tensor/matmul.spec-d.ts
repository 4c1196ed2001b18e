import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

declare const x: _.Tensor<[number, 784]>
declare const w1: _.Tensor<[784, 100]>
declare const w2: _.Tensor<[50, 10]>
declare const a23: _.Tensor<[2, 3]>
declare const d: _.Tensor<[number, 100]>
declare const dyn: _.Tensor<[number, number]>

describe('matmul (types)', () => {
  it('should type the product of agreeing shapes', () => {
    expectTypeOf(_.matmul(x, w1)).toEqualTypeOf<_.Tensor<[number, 100]>>()
    expectTypeOf(_.matmulTransA(x, d)).toEqualTypeOf<_.Tensor<[784, 100]>>() // ∂L/∂W = Xᵀ·Δ
    expectTypeOf(_.matmulTransB(d, w1)).toEqualTypeOf<_.Tensor<[number, 784]>>() // Δ·Wᵀ
    expectTypeOf(_.transpose(w1)).toEqualTypeOf<_.Tensor<[100, 784]>>()
  })
  it('should reject an inner-dimension mismatch (784 vs 50)', () => {
    // @ts-expect-error Type '50' is not assignable to type '784'
    _.matmul(x, w2)
    // @ts-expect-error the transposed forms check the shared axis too: [784, 100]ᵀ·[50, 10]
    _.matmulTransA(w1, w2)
    // @ts-expect-error
    _.matmulTransB(d, w2)
  })
  it('should reject [2,3]·[2,3] (NoInfer stops a union 3 | 2 from being inferred)', () => {
    // @ts-expect-error Type '2' is not assignable to type '3'
    _.matmul(a23, a23)
  })
  it('should accept number dimensions and leave them to the run-time check', () => {
    expectTypeOf(_.matmul(dyn, w1)).toEqualTypeOf<_.Tensor<[number, 100]>>()
    // A number dimension is not a proof that it equals 784: narrow it first with withShape.
    // @ts-expect-error Type 'number' is not assignable to type '784'
    _.matmul(x, dyn)
  })
  it('should reject mixing float32 and float64', () => {
    const w64 = _.zeros([784, 100], 'float64')
    // @ts-expect-error Type '"float64"' is not assignable to type '"float32"'
    _.matmul(x, w64)
  })
})
