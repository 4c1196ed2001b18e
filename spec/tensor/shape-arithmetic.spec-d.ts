import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'

describe('shape arithmetic (type level)', () => {
  it('should add, subtract and divide literals digit by digit, beyond the tuple limit', () => {
    expectTypeOf<Tensor.Add<28, 2>>().toEqualTypeOf<30>()
    expectTypeOf<Tensor.Add<99999, 1>>().toEqualTypeOf<100000>()
    expectTypeOf<Tensor.Subtract<226, 3>>().toEqualTypeOf<223>()
    expectTypeOf<Tensor.Subtract<1000, 1>>().toEqualTypeOf<999>()
    expectTypeOf<Tensor.Subtract<5, 5>>().toEqualTypeOf<0>()
    expectTypeOf<Tensor.Subtract<123456, 23457>>().toEqualTypeOf<99999>()
    expectTypeOf<Tensor.Divide<223, 2>>().toEqualTypeOf<111>()
    expectTypeOf<Tensor.Divide<27, 2>>().toEqualTypeOf<13>()
    expectTypeOf<Tensor.Divide<1, 2>>().toEqualTypeOf<0>()
    expectTypeOf<Tensor.Divide<100000, 7>>().toEqualTypeOf<14285>()
    expectTypeOf<Tensor.Divide<1000, 25>>().toEqualTypeOf<40>()
    expectTypeOf<Tensor.Divide<224, 224>>().toEqualTypeOf<1>()
  })
  it('should give never below zero and for division by zero', () => {
    expectTypeOf<Tensor.Subtract<2, 3>>().toBeNever()
    expectTypeOf<Tensor.Subtract<99, 100>>().toBeNever()
    expectTypeOf<Tensor.Divide<5, 0>>().toBeNever()
  })
  it('should give number when either side is number', () => {
    expectTypeOf<Tensor.Add<number, 1>>().toEqualTypeOf<number>()
    expectTypeOf<Tensor.Subtract<5, number>>().toEqualTypeOf<number>()
    expectTypeOf<Tensor.Divide<number, 2>>().toEqualTypeOf<number>()
    expectTypeOf<Tensor.ConvOut<number, 3, 1, 1>>().toEqualTypeOf<number>()
  })
  it('should compute ⌊(in + 2·pad − k) / stride⌋ + 1', () => {
    expectTypeOf<Tensor.ConvOut<28, 3, 1, 1>>().toEqualTypeOf<28>()
    expectTypeOf<Tensor.ConvOut<28, 2, 2, 0>>().toEqualTypeOf<14>()
    expectTypeOf<Tensor.ConvOut<14, 2, 2, 0>>().toEqualTypeOf<7>()
    expectTypeOf<Tensor.ConvOut<7, 2, 2, 0>>().toEqualTypeOf<3>()
    expectTypeOf<Tensor.ConvOut<224, 7, 2, 3>>().toEqualTypeOf<112>()
    expectTypeOf<Tensor.ConvOut<112, 3, 2, 1>>().toEqualTypeOf<56>()
    expectTypeOf<Tensor.ConvOut<2, 3, 1, 0>>().toBeNever()
    expectTypeOf<Tensor.AtLeast<3, 3>>().toEqualTypeOf<true>()
    expectTypeOf<Tensor.AtLeast<2, 3>>().toEqualTypeOf<false>()
  })
})
