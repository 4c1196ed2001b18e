import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/tree/index.js'

const state = { count: 3, mu: [{ w: Tensor.ones([2]) }, {}], flag: null } as const

describe('tree', () => {
  describe('entries', () => {
    it('should list tensors and numbers with their paths, in written order, from the root given', () => {
      expect(_.entries(state, 'opt').map(([p]) => p)).toEqual(['opt.count', 'opt.mu[0].w'])
    })
  })
  describe('leaves', () => {
    it('should list tensors only', () => {
      expect(_.leaves(state).map(([p]) => p)).toEqual(['params.mu[0].w'])
    })
  })
  describe('map', () => {
    it('should map tensors, keep numbers and other values, and not touch the input', () => {
      const out = _.map((t) => Tensor.scale(t, 2))(state)
      expect(Tensor.toArray(out.mu[0].w)).toEqual([2, 2])
      expect([out.count, out.flag, out.mu[1]]).toEqual([3, null, {}])
      expect(Tensor.toArray(state.mu[0].w)).toEqual([1, 1])
    })
    it('should hand each leaf its path', () => {
      const seen: Array<string> = []
      _.map((t, path) => (seen.push(path), t), 'grads')([Tensor.ones([1]), { b: Tensor.ones([1]) }])
      expect(seen).toEqual(['grads[0]', 'grads[1].b'])
    })
    it('should keep a field named __proto__ (a parsed checkpoint can have one) as an own field, in order', () => {
      const tree: Record<string, unknown> = JSON.parse('{"a": 1, "__proto__": 2, "z": 3}')
      const mapped = _.map((t) => t)(tree)
      const zipped = _.zip((x) => x)(tree, tree)
      for (const out of [mapped, zipped]) {
        expect(Object.keys(out)).toEqual(['a', '__proto__', 'z'])
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
        expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe(2)
      }
    })
  })
  describe('zip', () => {
    it('should combine leaf by leaf', () => {
      const out = _.zip((a, b) => Tensor.sub(a, b))({ w: Tensor.fill([2], 3) }, { w: Tensor.ones([2]) })
      expect(Tensor.toArray(out.w)).toEqual([2, 2])
    })
    it('should pair the leaves at the same place in nested tuples and records, keep the numbers and nulls of the first, and hand f the path', () => {
      const tree = (k: number) => [{ w: Tensor.fill([2], k), n: 4, z: null }, { b: [Tensor.fill([1], 10 * k)] }] as const
      const seen: Array<string> = []
      const out = _.zip((a, b, path) => (seen.push(path), Tensor.sub(a, b)), 'grads')(tree(3), tree(1))
      expect([Tensor.toArray(out[0].w), out[0].n, out[0].z, Tensor.toArray(out[1].b[0])]).toEqual([[2, 2], 4, null, [20]])
      expect(seen).toEqual(['grads[0].w', 'grads[1].b[0]'])
    })
    it('should refuse a difference in a number between the trees, like firstDifference', () => {
      expect(() => _.zip((x) => x)({ n: 1, w: Tensor.ones([1]) }, { n: 2, w: Tensor.ones([1]) })).toThrow('zipParams: expected 1 at params.n, found 2')
    })
    it.each([
      [[Tensor.ones([2])], [Tensor.ones([2, 1])], 'zipParams: expected params[0] of shape [2] float32, found [2, 1] float32'],
      [{ w: Tensor.ones([2]) }, { v: Tensor.ones([2]) }, 'zipParams: expected fields {w} at params, found {v}'],
      [[{}, Tensor.ones([1])], [{}], 'zipParams: expected a tuple of 2 at params, found 1 elements'],
      [{ w: Tensor.ones([1]) }, { w: [Tensor.ones([1])] }, 'zipParams: expected a tensor at params.w, found a subtree'],
      [{ w: Tensor.ones([1]) }, { w: Tensor.ones([1], 'float64') }, 'zipParams: expected params.w of shape [1] float32, found [1] float64']
    ] as ReadonlyArray<readonly [unknown, unknown, string]>)('should name the first path that differs (%#)', (a, b, message) => {
      expect(() => _.zip((x) => x)(a, b)).toThrow(message)
    })
  })
  describe('isTensor', () => {
    it('should list the same tensors as leaves, in its order, without numbers or nulls', () => {
      const shared = Tensor.zeros([3])
      const tree = { a: [shared, { b: Tensor.ones([1]), n: 4 }], c: null, d: shared, e: { f: [] } }
      expect(_.tensors(tree)).toEqual(_.leaves(tree).map(([, t]) => t))
      expect(_.tensors(tree).map((t) => t.size)).toEqual([3, 1, 3])
      expect(_.tensors(7)).toEqual([])
    })
    it('should tell tensors from trees', () => {
      expect([Tensor.zeros([1]), [Tensor.zeros([1])], { data: 1 }, 3, null].map(_.isTensor)).toEqual([true, false, false, false, false])
    })
  })
})
