import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/layers/index.js'

describe('stage (types)', () => {
  it('should type input(784) as a batch [number, 784] of float32, and input([28, 28], float64)', () => {
    expectTypeOf(_.input(784)).toEqualTypeOf<_.Input<[number, 784], 'float32'>>()
    expectTypeOf(_.input([28, 28], 'float64')).toEqualTypeOf<_.Input<[number, 28, 28], 'float64'>>()
    expectTypeOf<_.InputShape<_.Input<[number, 5], 'float32'>>>().toEqualTypeOf<[number, 5]>()
  })
  it('should show shapes in messages', () => {
    expectTypeOf<_.ShowShape<[number, 28, 28]>>().toEqualTypeOf<'[number, 28, 28]'>()
    expectTypeOf<_.ShowShape<[]>>().toEqualTypeOf<'[]'>()
  })
  it('should apply a kind to a shape and dtype', () => {
    expectTypeOf<_.Apply<_.DenseKind<10>, [number, 3], 'float64'>['params']>().toEqualTypeOf<_.DenseParams<3, 10, 'float64'>>()
    expectTypeOf<_.Apply<_.SameShape<'input'>, [number, 2, 2], 'float32'>['out']>().toEqualTypeOf<[number, 2, 2]>()
  })
  it('should reject building a stage for a shape it cannot take', () => {
    // @ts-expect-error dense(3) takes a batch of vectors [number, width], found [number, 2, 2]
    _.build(_.input([2, 2]), _.dense(3))
  })
})
