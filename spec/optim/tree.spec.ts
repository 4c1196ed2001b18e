import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/optim/tree.js'

const params = [{ w: Tensor.ones([2, 3]), b: Tensor.zeros([3]) }, {}, { w: Tensor.fill([3, 1], 2), b: Tensor.zeros([1]) }] as const

describe('tree', () => {
  it('should map every leaf and keep the structure', () => {
    const out = _.mapParams((t) => Tensor.scale(t, 3))(params)
    expect(Tensor.toArray(out[0].w)).toEqual([3, 3, 3, 3, 3, 3])
    expect(Tensor.toArray(out[2].w)).toEqual([6, 6, 6])
    expect(out[1]).toEqual({})
    expect(Tensor.toArray(params[0].w)).toEqual([1, 1, 1, 1, 1, 1])
  })
  it('should list leaves with their paths in a fixed order', () => {
    expect(_.leaves(params).map(([p, t]) => [p, [...t.shape]])).toEqual([
      ['params[0].w', [2, 3]],
      ['params[0].b', [3]],
      ['params[2].w', [3, 1]],
      ['params[2].b', [1]]
    ])
  })
  it('should zip two trees of the same structure', () => {
    const out = _.zipParams((a, b) => Tensor.add(a, b))(params, params)
    expect(Tensor.toArray(out[2].w)).toEqual([4, 4, 4])
  })
  it('should name the path when structures differ', () => {
    const other = [{ w: Tensor.ones([2, 4]), b: Tensor.zeros([3]) }, {}, params[2]] as unknown as typeof params
    expect(() => _.zipParams((a, b) => Tensor.add(a, b))(params, other)).toThrow('zipParams: expected params[0].w of shape [2, 3] float32, found [2, 4] float32')
    const missing = [{ w: Tensor.ones([2, 3]) }, {}, params[2]] as unknown as typeof params
    expect(() => _.zipParams((a, b) => Tensor.add(a, b))(params, missing)).toThrow('zipParams: expected fields {w, b} at params[0], found {w}')
    const short = [params[0]] as unknown as typeof params
    expect(() => _.zipParams((a, b) => Tensor.add(a, b))(params, short)).toThrow('zipParams: expected a tuple of 3 at params, found 1 elements')
  })
})
