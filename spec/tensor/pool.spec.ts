import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

describe('pool', () => {
  it('should record the large arrays made while a function runs, nested records into the outer too', () => {
    const [[, inner], outer] = _.allocations(() => {
      _.zeros([10])
      _.zeros([64, 64])
      return _.allocations(() => _.ones([4096]))
    })
    expect(inner.count).toBe(1)
    expect(outer.count).toBe(2)
    // The threshold (pool.ts MIN_LENGTH): 16 elements are not pooled, 17 are.
    expect(_.allocations(() => _.zeros([16]))[1].count).toBe(0)
    expect(_.allocations(() => _.zeros([17]))[1].count).toBe(1)
  })
  it('should hand a dead array out again, zeroed, and never one a live tensor uses', () => {
    _.drainPool()
    const [[dead, live], made] = _.allocations(() => [_.fill([4096], 7), _.fill([4096], 8)] as const)
    const deadBuffer = dead.data.buffer
    const kept = _.recycle(made, [live])
    expect(kept.count).toBe(1)
    const again = _.zeros([64, 64])
    expect(again.data.buffer).toBe(deadBuffer)
    expect(again.data.every((v) => v === 0)).toBe(true)
    expect(live.data.every((v) => v === 8)).toBe(true)
    // The pool is empty again: the next array is fresh.
    expect(_.zeros([4096]).data.buffer).not.toBe(live.data.buffer)
    // What recycle kept is offered again later, once its holder is dead.
    expect(_.recycle(kept, []).count).toBe(0)
    expect(_.ones([4096]).data.buffer).toBe(live.data.buffer)
  })
  it('should keep an array when a live tensor shares its buffer (a reshaped view)', () => {
    _.drainPool()
    const [t, made] = _.allocations(() => _.ones([64, 64]))
    const view = _.reshape(t, [4096])
    expect(_.recycle(made, [view]).count).toBe(1)
    expect(_.zeros([4096]).data.buffer).not.toBe(t.data.buffer)
  })
  it('should pool float32 and float64 apart', () => {
    _.drainPool()
    const [t, made] = _.allocations(() => _.ones([4096], 'float64'))
    _.recycle(made, [])
    expect(_.zeros([4096]).data.buffer).not.toBe(t.data.buffer)
    expect(_.zeros([4096], 'float64').data.buffer).toBe(t.data.buffer)
  })
  it('should join records', () => {
    const [, a] = _.allocations(() => _.zeros([4096]))
    const [, b] = _.allocations(() => _.zeros([4096]))
    expect(_.joinAllocations(a, b).count).toBe(2)
    expect(_.joinAllocations(a, _.noAllocations)).toBe(a)
  })
  it('should count an array in both records once, in small records and in large ones', () => {
    for (const n of [3, 200]) {
      const [[, inner], outer] = _.allocations(() => {
        for (let i = 0; i < n; i++) _.zeros([32])
        return _.allocations(() => Array.from({ length: n }, () => _.zeros([32])))
      })
      expect([inner.count, outer.count]).toEqual([n, 2 * n])
      expect(_.joinAllocations(outer, inner).count).toBe(2 * n)
      expect(_.joinAllocations(inner, outer).count).toBe(2 * n)
    }
  })
})
