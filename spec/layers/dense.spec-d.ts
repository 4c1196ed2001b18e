import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

declare const x: Tensor.Tensor<[number, 784]>
declare const x50: Tensor.Tensor<[number, 50]>

describe('dense (types)', () => {
  it('should type a pre-built dense(784, 100) as [number, 784] → [number, 100] with W: [784, 100], b: [100]', () => {
    const l = _.dense(784, 100)
    expectTypeOf(l).toEqualTypeOf<_.Dense<784, 100, 'float32'>>()
    expectTypeOf(l.init(null as never)).toEqualTypeOf<_.DenseParams<784, 100>>()
    expectTypeOf(l.init(null as never).w).toEqualTypeOf<Tensor.Tensor<[784, 100]>>()
    expectTypeOf(l.forward(l.init(null as never), x, _.evalCtx)[0]).toEqualTypeOf<Tensor.Tensor<[number, 100]>>()
  })
  it('should reject an input of the wrong width', () => {
    const l = _.dense(784, 100)
    // @ts-expect-error Type '50' is not assignable to type '784'
    l.forward(l.init(null as never), x50, _.evalCtx)
  })
  it('should carry the dtype in its type, and reject mixing float32 and float64', () => {
    const l = _.dense(784, 100, { dtype: 'float64', init: _.glorot })
    expectTypeOf(l).toEqualTypeOf<_.Dense<784, 100, 'float64'>>()
    // @ts-expect-error Type '"float32"' is not assignable to type '"float64"'
    l.forward(l.init(null as never), x, _.evalCtx)
  })
  it('should type dense(100) as a stage that becomes dense(I → 100) for the I flowing in', () => {
    expectTypeOf(_.dense(100)).toEqualTypeOf<_.Stage<_.DenseKind<100>>>()
    expectTypeOf(_.build(_.input(784, 'float64'), _.dense(100))).toEqualTypeOf<
      _.Layer<[number, 784], [number, 100], _.DenseParams<784, 100, 'float64'>, _.DenseTape<784, 'float64'>, 'float64'>
    >()
  })
  it('should accept initialisers as typed values only', () => {
    _.dense(3, 2, { init: _.normal(0.01) })
    // @ts-expect-error Type 'string' is not assignable to type 'Init'
    _.dense(3, 2, { init: 'he' })
  })
})
