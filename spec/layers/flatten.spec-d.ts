import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/layers/index.js'

const vectors = () => _.build(_.input(784), _.flatten())

describe('flatten (types)', () => {
  it('should map [number, 28, 28] to [number, 784], the product computed by the compiler', () => {
    const l = _.build(_.input([28, 28]), _.flatten())
    expectTypeOf<_.InputOf<typeof l>>().toEqualTypeOf<[number, 28, 28]>()
    expectTypeOf<_.OutputOf<typeof l>>().toEqualTypeOf<[number, 784]>()
    expectTypeOf<_.OutputOf<typeof l>>().not.toEqualTypeOf<[number, 785]>()
    const rgb = _.build(_.input([3, 32, 32]), _.flatten())
    expectTypeOf<_.OutputOf<typeof rgb>>().toEqualTypeOf<[number, 3072]>()
  })
  it('should let the next stage learn the flattened width', () => {
    const net = _.serial(_.input([28, 28]), _.flatten(), _.dense(10))
    expectTypeOf<_.ParamsOf<typeof net>[1]>().toEqualTypeOf<_.DenseParams<784, 10>>()
  })
  it('should leave a batch of vectors as it is', () => {
    expectTypeOf<_.OutputOf<ReturnType<typeof vectors>>>().toEqualTypeOf<[number, 784]>()
  })
  it('should reject a shape with no batch axis', () => {
    expectTypeOf<_.Apply<_.FlattenKind, [784], 'float32'>['error']>().toEqualTypeOf<'flatten() takes a batch [number, d1, d2, ...], found [784]'>()
  })
})
