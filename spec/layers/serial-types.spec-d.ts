import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/layers/index.js'

describe('serial-types (types)', () => {
  it('should compile a 60-layer network of stages (the walk is tail-recursive: no instantiation-depth error)', () => {
    const d = _.dense(16)
    const r = _.relu()
    const net = _.serial(
      _.input(16, 'float64'),
      d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r,
      d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r,
      d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r, d, r
    )
    expectTypeOf<_.ParamsOf<typeof net>['length']>().toEqualTypeOf<60>()
    expectTypeOf<_.ParamsOf<typeof net>[58]>().toEqualTypeOf<_.DenseParams<16, 16, 'float64'>>()
    expectTypeOf<_.OutputOf<typeof net>>().toEqualTypeOf<[number, 16]>()
  })
  it('should compile 60 pre-built layers, and still find a mismatch at the 61st', () => {
    const d = _.dense(8, 8)
    const net = _.serial(
      d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d,
      d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d,
      d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d
    )
    expectTypeOf<_.ParamsOf<typeof net>['length']>().toEqualTypeOf<60>()
    _.serial(
      d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d,
      d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d,
      d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d, d,
      // @ts-expect-error expected a layer taking [number, 8], found one taking [number, 9]
      _.dense(9, 2)
    )
  })
  it('should explain a failure in the argument type', () => {
    const args = [_.relu(), _.dense(3)] as const
    expectTypeOf<_.Analyse<typeof args>['args'][0]>().toEqualTypeOf<
      _.ShapeErrorAt<'serial starts with input(…) or a pre-built layer, found a stage whose input is unknown'>
    >()
    const twice = [_.input(2), _.input(2)] as const
    expectTypeOf<_.Analyse<typeof twice>['args'][1]>().toEqualTypeOf<_.ShapeErrorAt<'input(…) may only be the first stage'>>()
  })
})
