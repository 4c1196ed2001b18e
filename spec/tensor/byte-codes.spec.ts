import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { codesOf } from '../../src/tensor/byte-codes.js'
import type { Backend, ByteCodes, FloatArray } from '../../src/tensor/kernels/kernels.js'

const byDivision = Array.from({ length: 256 }, (_v, k) => k / 255)

// A kernel table that records the codes each gather was handed (and gathers as the reference does).
const spying = (): { readonly kernels: _.Kernels; readonly seen: Array<ByteCodes | undefined> } => {
  const seen: Array<ByteCodes | undefined> = []
  const base = _.referenceKernels
  const backend: Backend = {
    name: 'spy',
    gatherRows: (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes) => {
      seen.push(codes)
      base.gatherRows(x, indices, out, width)
    },
    startGatherRows: (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes) => {
      seen.push(codes)
      return base.startGatherRows(x, indices, out, width)
    }
  }
  return { kernels: _.completeKernels(backend, base), seen }
}

describe('fromByteCodes', () => {
  it('should hold table[code] for every element, in float32 or float64', () => {
    const codes = Uint8Array.of(0, 255, 51, 102, 7, 7)
    const x = _.fromByteCodes([3, 2], codes, byDivision)
    expect(x.shape).toEqual([3, 2])
    expect(x.dtype).toBe('float32')
    expect(Array.from(x.data)).toEqual([0, 1, 51 / 255, 102 / 255, 7 / 255, 7 / 255].map(Math.fround))
    const y = _.fromByteCodes([2], Uint8Array.of(1, 0), [-0.5, 2.25], 'float64')
    expect(Array.from(y.data)).toEqual([2.25, -0.5])
  })
  it('should give the same float32 values as v / 255 stored one by one (what decodeMnist gave before)', () => {
    const codes = Uint8Array.from({ length: 256 }, (_v, k) => k)
    expect(_.fromByteCodes([256], codes, byDivision).data).toEqual(_.fromValues([256], codes, 'float32', (v) => v / 255).data)
  })
  it('should refuse a wrong number of codes, a table of 0 or 257 values, and a code past the table, naming it', () => {
    expect(() => _.fromByteCodes([2, 2], Uint8Array.of(1, 2, 3), byDivision)).toThrow('fromByteCodes: expected 4 codes for shape [2, 2], found 3 codes')
    expect(() => _.fromByteCodes([1], Uint8Array.of(0), [])).toThrow('fromByteCodes: expected a table of 1 to 256 values, found 0 values')
    expect(() => _.fromByteCodes([1], Uint8Array.of(0), new Array<number>(257).fill(0))).toThrow('fromByteCodes: expected a table of 1 to 256 values, found 257 values')
    expect(() => _.fromByteCodes([3], Uint8Array.of(0, 1, 3), [0, 1, 2])).toThrow("fromByteCodes: expected codes below 3 (the table's length), found 3 at position 2")
  })
  it('should keep its own copy of the codes and the table: later writes to the caller\'s arrays reach neither', () => {
    const codes = Uint8Array.of(1, 2, 3, 4)
    const table = [0, 10, 20, 30, 40]
    const x = _.fromByteCodes([2, 2], codes, table)
    codes.fill(0)
    table[4] = -1
    const kept = codesOf(x.data)
    expect(kept === undefined ? [] : Array.from(kept.codes)).toEqual([1, 2, 3, 4])
    expect(kept === undefined ? [] : Array.from(kept.table)).toEqual([0, 10, 20, 30, 40])
    expect(Array.from(x.data)).toEqual([10, 20, 30, 40])
  })
  it('should hand its codes to the gather kernel, and keep them through sliceRows (a view of the same codes)', () => {
    const x = _.fromByteCodes([3, 2], Uint8Array.of(0, 1, 2, 3, 4, 5), [0, 1, 2, 3, 4, 5, 6])
    const spy = spying()
    const [batch, sliced] = _.withKernels(spy.kernels, () => {
      const b = _.gatherRows(x, [2, 0])
      const s = _.sliceRows(x, 1, 3)
      return [b, _.gatherRowsLater(s, [1])()] as const
    })
    expect(_.toNested(batch)).toEqual([[4, 5], [0, 1]])
    expect(_.toNested(sliced)).toEqual([[4, 5]])
    expect(spy.seen.map((c) => (c === undefined ? undefined : Array.from(c.codes)))).toEqual([[0, 1, 2, 3, 4, 5], [2, 3, 4, 5]])
  })
  it('should hand no codes for a tensor not made from them, nor for a gathered batch of a coded one', () => {
    const x = _.fromByteCodes([3, 2], Uint8Array.of(0, 1, 2, 3, 4, 5), [0, 1, 2, 3, 4, 5])
    const spy = spying()
    _.withKernels(spy.kernels, () => _.gatherRows(_.gatherRows(_.tensor([[1, 2], [3, 4]]), [1]), [0]))
    _.withKernels(spy.kernels, () => _.gatherRows(_.gatherRows(x, [1, 2]), [0]))
    expect(spy.seen.map((c) => c !== undefined)).toEqual([false, false, true, false])
  })
  it('should never take its arrays from the allocator\'s pool, so no recycled array can carry stale codes', () => {
    const [x, made] = _.allocations(() => _.sliceRows(_.fromByteCodes([3, 1000], new Uint8Array(3000), [0.5]), 1, 3))
    expect(codesOf(x.data)).toBeDefined()
    // Had fit's recycling been handed x's array, the next array of its length would be that one.
    _.recycle(made, [])
    const next = _.zeros([2000])
    expect(next.data.buffer).not.toBe(x.data.buffer)
    expect(codesOf(next.data)).toBeUndefined()
  })
  it('should gather a batch with the same bytes as the plain tensor on every backend that loads here', () => {
    const codes = Uint8Array.from({ length: 300 * 784 }, (_v, i) => (i * 131 + (i >> 9)) & 255)
    const coded = _.fromByteCodes([300, 784], codes, byDivision)
    const plain = _.fromValues([300, 784], coded.data, 'float32')
    const order = Int32Array.from({ length: 100 }, (_v, r) => (r * 37 + 11) % 300)
    for (const choice of ['native', 'wasm', 'js', 'reference'] as const) {
      const k = _.resolveKernels(choice, { threads: 2 })
      if (k.fallbackReason !== undefined) continue
      const [a, b] = _.withKernels(k.kernels, () => [_.gatherRows(coded, order), _.gatherRowsLater(coded, order)()] as const)
      const want = _.withKernels(_.referenceKernels, () => _.gatherRows(plain, order))
      const firstDifference = (got: _.ReadonlyData): number => want.data.findIndex((v, i) => !Object.is(v, got[i]))
      expect([choice, firstDifference(a.data), firstDifference(b.data)]).toEqual([choice, -1, -1])
    }
  })
})
