import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/losses/index.js'

declare const y: Tensor.Tensor<[number, 1]>
declare const t2: Tensor.Tensor<[number, 2]>

describe('mean-squared-error and sigmoidBinaryCrossEntropy (types)', () => {
  it('should type the gradient like the predictions', () => {
    expectTypeOf(_.meanSquaredError(y, y).grad).toEqualTypeOf<Tensor.Tensor<[number, 1]>>()
    expectTypeOf(_.sigmoidBinaryCrossEntropy(y, y).grad).toEqualTypeOf<Tensor.Tensor<[number, 1]>>()
    expectTypeOf(_.meanSquaredError).toExtend<_.Loss<[number, 1], Tensor.Tensor<[number, 1]>>>()
  })
  it('should reject targets of another shape', () => {
    // @ts-expect-error Type '2' is not assignable to type '1'
    _.meanSquaredError(y, t2)
    // @ts-expect-error Type '2' is not assignable to type '1'
    _.sigmoidBinaryCrossEntropy(y, t2)
  })
})
