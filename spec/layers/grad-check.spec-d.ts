import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

declare const x64: Tensor.Tensor<[number, 3], 'float64'>
declare const x32: Tensor.Tensor<[number, 3]>

describe('grad-check (types)', () => {
  it('should check float64 layers only, at an input of the layer shape', () => {
    const l = _.dense(3, 2, { dtype: 'float64' })
    expectTypeOf(_.gradCheck(l, l.init(null as never), x64)).toEqualTypeOf<_.GradCheckResult>()
    const l32 = _.dense(3, 2)
    // @ts-expect-error Type '"float32"' is not assignable to type '"float64"'
    _.gradCheck(l32, l32.init(null as never), x32)
    // @ts-expect-error the input must have the layer's shape
    _.gradCheck(l, l.init(null as never), null as unknown as Tensor.Tensor<[number, 4], 'float64'>)
  })
})
