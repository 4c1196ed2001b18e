import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

describe('softmax (types)', () => {
  it('should map [number, K] to [number, K], keeping y as its tape', () => {
    expectTypeOf(_.build(_.input(10), _.softmax())).toEqualTypeOf<_.Layer<[number, 10], [number, 10], _.NoParams, Tensor.Tensor<[number, 10]>>>()
  })
  it('should reject rows that are not vectors', () => {
    // @ts-expect-error softmax() takes a batch of vectors [number, K], found [number, 2, 5]
    _.build(_.input([2, 5]), _.softmax())
  })
})
