import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

type L = _.Layer<[number, 3], [number, 2], { readonly w: Tensor.Tensor<[3, 2]> }, 'tape', 'float64'>

describe('layer (types)', () => {
  it('should extract each part of a layer (Layer is invariant, so every slot is inferred)', () => {
    expectTypeOf<_.InputOf<L>>().toEqualTypeOf<[number, 3]>()
    expectTypeOf<_.OutputOf<L>>().toEqualTypeOf<[number, 2]>()
    expectTypeOf<_.ParamsOf<L>>().toEqualTypeOf<{ readonly w: Tensor.Tensor<[3, 2]> }>()
    expectTypeOf<_.TapeOf<L>>().toEqualTypeOf<'tape'>()
    expectTypeOf<_.DTypeOf<L>>().toEqualTypeOf<'float64'>()
    expectTypeOf<_.InputOf<_.Dense<784, 100>>>().toEqualTypeOf<[number, 784]>()
    expectTypeOf<_.ParamsOf<_.Dense<784, 100>>>().toEqualTypeOf<_.DenseParams<784, 100>>()
    expectTypeOf<_.InputOf<string>>().toBeNever()
  })
  it('should be invariant in its shapes: a layer on [number, 3] is not a layer on [number, number]', () => {
    expectTypeOf<L>().not.toExtend<_.Layer<[number, number], [number, 2], { readonly w: Tensor.Tensor<[3, 2]> }, 'tape', 'float64'>>()
    expectTypeOf<L>().toExtend<_.AnyLayer>()
    expectTypeOf<_.Dense<784, 100>>().toExtend<_.AnyLayer>()
  })
})
