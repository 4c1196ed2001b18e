import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/losses/index.js'

declare const logits: Tensor.Tensor<[number, 10]>
declare const oneHot: Tensor.Tensor<[number, 10]>
declare const wrong: Tensor.Tensor<[number, 9]>
declare const oneHot64: Tensor.Tensor<[number, 10], 'float64'>

describe('softmax-cross-entropy (types)', () => {
  it('should accept class indices or one-hot targets of the logits shape', () => {
    expectTypeOf(_.softmaxCrossEntropy(logits, [1, 2])).toEqualTypeOf<_.LossResult<[number, 10], 'float32'>>()
    expectTypeOf(_.softmaxCrossEntropy(logits, new Int32Array(2))).toEqualTypeOf<_.LossResult<[number, 10], 'float32'>>()
    expectTypeOf(_.softmaxCrossEntropy(logits, oneHot).grad).toEqualTypeOf<Tensor.Tensor<[number, 10]>>()
  })
  it('should be a Loss for both target kinds', () => {
    expectTypeOf(_.softmaxCrossEntropy).toExtend<_.Loss<[number, 10], ArrayLike<number>>>()
    expectTypeOf(_.softmaxCrossEntropy).toExtend<_.Loss<[number, 10], Tensor.Tensor<[number, 10]>>>()
  })
  it('should reject one-hot targets of another width or dtype', () => {
    // @ts-expect-error Type '9' is not assignable to type '10'
    _.softmaxCrossEntropy(logits, wrong)
    // @ts-expect-error float64 targets for float32 logits
    _.softmaxCrossEntropy(logits, oneHot64)
  })
})
