import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

const a = _.tensor([[1, 2], [3, 4], [5, 6]])

describe('rows', () => {
  it('should slice rows, clamped like Array.slice', () => {
    expect(_.toNested(leavesInputsUnchanged([a], () => _.sliceRows(a, 1, 3)))).toEqual([[3, 4], [5, 6]])
    expect(_.sliceRows(a, 2, 10).shape).toEqual([1, 2])
    expect(_.sliceRows(a, 5, 10).shape).toEqual([0, 2])
  })
  it('should keep the row shape of higher-rank tensors', () => {
    const imgs = _.zeros([5, 28, 28])
    expect([..._.sliceRows(imgs, 0, 2).shape]).toEqual([2, 28, 28])
  })
  it('should gather rows by index and report a bad index', () => {
    expect(_.toNested(leavesInputsUnchanged([a], () => _.gatherRows(a, [2, 0, 2])))).toEqual([[5, 6], [1, 2], [5, 6]])
    expect(() => _.gatherRows(a, [0, 3])).toThrow('gatherRows: expected row indices in 0..2, found 3 at position 1')
  })
  it('should gather later what gatherRows gathers now, on every backend and thread count, and check the indices at once', () => {
    const big = _.generate([300, 700] as [number, 700], (i) => (i % 997) / 997)
    const rows = Int32Array.from({ length: 120 }, (_v, r) => (r * 37) % 300)
    const want = Array.from(_.gatherRows(big, rows).data)
    const before = _.kernelStatus()
    try {
      for (const [choice, threads] of [['native', 2], ['native', 1], ['wasm', 2], ['reference', 1]] as const) {
        _.selectKernels(choice, { threads })
        const later = _.gatherRowsLater(big, rows)
        const t = later()
        expect(Array.from(t.data)).toEqual(want)
        expect(t.shape).toEqual([120, 700])
        expect(later()).toBe(t) // one tensor, finished once
      }
    } finally {
      _.selectKernels('auto', { threads: before.threads })
    }
    expect(() => _.gatherRowsLater(a, [0, 3])).toThrow(/gatherRowsLater: expected row indices in 0..2, found 3 at position 1/)
  })
  it('should concatenate rows; slicing the halves back gives the parts', () => {
    const b = _.tensor([[7, 8]])
    const c = leavesInputsUnchanged([a, b], () => _.concatRows(a, b))
    expect(c.shape).toEqual([4, 2])
    expect(_.toNested(_.sliceRows(c, 3, 4))).toEqual([[7, 8]])
    expect(() => _.concatRows(a, _.zeros([1, 3]) as unknown as _.Tensor<[number, 2]>)).toThrow('concatRows: expected rows of shape [2], found [3]')
  })
  it('should one-hot encode labels and refuse a label out of range', () => {
    expect(E.map(_.toNested)(_.oneHot([1, 0], 2))).toEqual(E.right([[0, 1], [1, 0]]))
    const bad = _.oneHot([0, 1.5], 2)
    expect(E.isLeft(bad) && bad.left.message).toBe('oneHot: expected a class in 0..1 at position 1, found 1.5')
  })
})
