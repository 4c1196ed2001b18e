import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

describe('relu (types)', () => {
  it('should keep the shape of any rank, with no parameters and the input as tape', () => {
    const l = _.build(_.input([4, 5]), _.relu())
    expectTypeOf(l).toEqualTypeOf<_.Layer<[number, 4, 5], [number, 4, 5], _.NoParams, Tensor.Tensor<[number, 4, 5]>>>()
    expectTypeOf(_.build(_.input(3, 'float64'), _.leakyRelu(0.1))).toEqualTypeOf<
      _.Layer<[number, 3], [number, 3], _.NoParams, Tensor.Tensor<[number, 3], 'float64'>, 'float64'>
    >()
  })
  it('should type the other activations and dropout the same way', () => {
    type Same<Tp> = _.Layer<[number, 3], [number, 3], _.NoParams, Tp>
    expectTypeOf(_.build(_.input(3), _.sigmoid())).toEqualTypeOf<Same<Tensor.Tensor<[number, 3]>>>()
    expectTypeOf(_.build(_.input(3), _.tanh())).toEqualTypeOf<Same<Tensor.Tensor<[number, 3]>>>()
    expectTypeOf(_.build(_.input(3), _.identity())).toEqualTypeOf<Same<null>>()
    expectTypeOf(_.build(_.input(3), _.dropout(0.5))).toEqualTypeOf<Same<Tensor.Tensor<[number, 3]> | null>>()
  })
})
