import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Tensor } from '../../../src/index.js'
import * as _ from '../../../src/train/checkpoint/safetensors.js'

// A file written by hand from the format description: header length, header JSON padded with spaces, raw data.
const handMade = (header: string, data: ReadonlyArray<number>, claimedLength = header.length): Uint8Array => {
  const out = new Uint8Array(8 + header.length + data.length)
  new DataView(out.buffer).setUint32(0, claimedLength, true)
  out.set(new TextEncoder().encode(header), 8)
  out.set(data, 8 + header.length)
  return out
}
const f32 = (...xs: ReadonlyArray<number>): Array<number> =>
  xs.flatMap((x) => [...new Uint8Array(Float32Array.of(x).buffer)])
const info = (name: string, dtype: string, shape: ReadonlyArray<number>, begin: number, end: number) =>
  `"${name}":{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${begin},${end}]}`
const messageOf = (r: E.Either<_.CheckpointError, unknown>): string => (E.isLeft(r) ? r.left.message : 'Right')

describe('safetensors', () => {
  describe('encodeSafeTensors', () => {
    it('should write exactly the bytes of the format description', () => {
      const bytes = _.encodeSafeTensors({ tensors: [['w', Tensor.tensor([1, -2])]], metadata: { step: '1' } })
      // N = 88 = 0x58 (82 bytes of JSON + 6 spaces, so that 8 + N is a multiple of 8), then the JSON,
      // then 1.0f = 0x3F800000 and −2.0f = 0xC0000000, little-endian.
      // prettier-ignore
      const expected = [
        0x58, 0, 0, 0, 0, 0, 0, 0,
        ...new TextEncoder().encode('{"__metadata__":{"step":"1"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}      '),
        0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0
      ]
      expect(expected).toHaveLength(104)
      expect(Array.from(bytes)).toEqual(expected)
    })
    it('should round-trip float32 and float64 tensors, scalars and empty tensors', () => {
      const tensors = [
        [
          'a',
          Tensor.tensor([
            [1.5, -0],
            [3.4e38, -1e-45]
          ])
        ],
        ['b', Tensor.tensor([1 / 3, 1e-300], 'float64')],
        ['c', Tensor.scalar(7)],
        ['d', Tensor.zeros([0, 3])]
      ] as const
      const r = _.decodeSafeTensors(_.encodeSafeTensors({ tensors, metadata: { note: 'x' } }))
      if (E.isLeft(r)) return expect.fail(r.left.message)
      expect(r.right.metadata).toEqual({ note: 'x' })
      expect(r.right.tensors.map(([n, t]) => [n, [...t.shape], t.dtype, Array.from(t.data)])).toEqual(
        tensors.map(([n, t]) => [n, [...t.shape], t.dtype, Array.from(t.data)])
      )
    })
  })
  describe('decodeSafeTensors', () => {
    it('should refuse NaN and infinite values, naming the tensor, the count and the first', () => {
      const bytes = _.encodeSafeTensors({ tensors: [['ok', Tensor.tensor([1])], ['params[0].w', Tensor.tensor([1, Number.NaN, Infinity])]], metadata: {} })
      expect(messageOf(_.decodeSafeTensors(bytes))).toBe(
        'tensor params[0].w: 2 of 3 values are not finite (the first, at index 1, is NaN); the checkpoint is damaged'
      )
    })
    it('should list the first few of many problems and say how many more, with outside text quoted and cut', () => {
      const fields = Array.from({ length: 200 }, (_, i) => `"t${i}\\n":{"dtype":"F16"}`).join(',')
      const m = messageOf(_.decodeSafeTensors(handMade(`{${fields}}`, [])))
      expect(m.split('\n')).toHaveLength(_.maxProblems + 1)
      expect(m.split('\n')[0]).toBe('tensor "t0\\n": dtype: expected "F32" | "F64" | "I64", found "F16"')
      expect(m).toMatch(/\n… and \d{3} more$/)
      const long = messageOf(_.decodeSafeTensors(handMade(`{"__metadata__":{"network":${JSON.stringify('x'.repeat(10000))},"n":7}}`, [])))
      expect(long.length).toBeLessThan(200)
    })
    it('should describe a deeply nested header value without overflowing the stack', () => {
      const deep = '['.repeat(200000) + ']'.repeat(200000)
      expect(messageOf(_.decodeSafeTensors(handMade(`{"w":${deep}}`, [])))).toBe('tensor w: value: expected {| dtype: "F32" | "F64" | "I64", shape: Array<NonNegativeInteger>, data_offsets: [NonNegativeInteger, NonNegativeInteger] |}, found an array of 1')
    })
    it('should read a file written by hand', () => {
      const r = _.decodeSafeTensors(handMade(`{${info('x', 'F32', [2], 0, 8)}}  `, f32(3, 4)))
      expect(E.map((s: _.SafeTensors) => s.tensors.map(([n, t]) => [n, Tensor.toArray(t)]))(r)).toEqual(
        E.right([['x', [3, 4]]])
      )
    })
    it('should refuse a truncated file', () => {
      const good = _.encodeSafeTensors({ tensors: [['w', Tensor.tensor([1, -2])]], metadata: {} })
      expect(messageOf(_.decodeSafeTensors(good.subarray(0, 5)))).toBe(
        'truncated: expected at least 8 bytes for the header length, found 5'
      )
      expect(messageOf(_.decodeSafeTensors(good.subarray(0, 30)))).toMatch(
        /^truncated: the header claims \d+ bytes, but only 22 follow the length$/
      )
      expect(messageOf(_.decodeSafeTensors(good.subarray(0, good.length - 1)))).toBe(
        'tensor w: data_offsets [0, 8] are out of range: the data has 7 bytes (truncated file?)'
      )
    })
    it('should refuse a header claiming more than 100 MB without allocating it', () => {
      expect(messageOf(_.decodeSafeTensors(handMade('{}', [], 100_000_001)))).toBe(
        'header length 100000001 bytes is more than the 100000000-byte (100 MB) limit'
      )
      const huge = handMade('{}', [])
      new DataView(huge.buffer).setUint32(4, 1, true)
      expect(messageOf(_.decodeSafeTensors(huge))).toMatch(/^header length 4294967298 bytes is more than/)
    })
    it('should refuse a header that is not JSON, or not an object', () => {
      expect(messageOf(_.decodeSafeTensors(handMade('{"a":', [])))).toMatch(/^header is not valid UTF-8 JSON/)
      expect(messageOf(_.decodeSafeTensors(handMade('[1, 2]', [])))).toBe('header is not a JSON object')
    })
    it('should name the tensor and field of a bad entry (io-ts)', () => {
      const r = _.decodeSafeTensors(handMade(`{${info('w', 'F16', [2], 0, 4)},"__metadata__":{"step":1}}`, f32(1)))
      expect(messageOf(r).split('\n')).toEqual([
        'tensor w: dtype: expected "F32" | "F64" | "I64", found "F16"',
        'metadata: step: expected string, found 1'
      ])
      expect(messageOf(_.decodeSafeTensors(handMade(`{${info('w', 'F32', [-1], 0, 4)}}`, f32(1))))).toBe(
        'tensor w: shape.0: expected NonNegativeInteger, found -1'
      )
    })
    it('should refuse offsets that disagree with the shape', () => {
      expect(messageOf(_.decodeSafeTensors(handMade(`{${info('w', 'F32', [3], 0, 8)}}`, f32(1, 2))))).toBe(
        'tensor w: data_offsets [0, 8] hold 8 bytes, but shape [3] F32 needs 12'
      )
    })
    it('should refuse overlapping, out-of-range and non-contiguous offsets, naming the tensor', () => {
      const overlap = handMade(`{${info('a', 'F32', [2], 0, 8)},${info('b', 'F32', [2], 4, 12)}}`, f32(1, 2, 3))
      expect(messageOf(_.decodeSafeTensors(overlap))).toBe(
        'tensor b: data_offsets [4, 12] overlap tensor a, which ends at 8'
      )
      const gap = handMade(`{${info('a', 'F32', [1], 0, 4)},${info('b', 'F32', [1], 8, 12)}}`, f32(1, 2, 3))
      expect(messageOf(_.decodeSafeTensors(gap))).toBe(
        'tensor b: data_offsets [8, 12] leave a gap of 4 bytes after tensor a (data must be contiguous)'
      )
      const outside = handMade(`{${info('a', 'F32', [2], 0, 8)},${info('b', 'F32', [1], 8, 12)}}`, f32(1, 2))
      expect(messageOf(_.decodeSafeTensors(outside))).toBe(
        'tensor b: data_offsets [8, 12] are out of range: the data has 8 bytes (truncated file?)'
      )
      const trailing = handMade(`{${info('a', 'F32', [1], 0, 4)}}`, f32(1, 2))
      expect(messageOf(_.decodeSafeTensors(trailing))).toBe('4 bytes after the last tensor belong to no tensor')
    })
  })
  describe('int64 (I64)', () => {
    const i64 = (...xs: ReadonlyArray<bigint>): Array<number> => xs.flatMap((x) => [...new Uint8Array(BigInt64Array.of(x).buffer)])
    it('should round-trip 64-bit integers exactly, beyond 2⁵³ and negative, after the float tensors', () => {
      const big = 2n ** 62n + 1n
      const bytes = _.encodeSafeTensors({
        tensors: [['w', Tensor.tensor([1, 2])]],
        integers: [['n', { dtype: 'int64', shape: [], values: [big] }], ['m', { dtype: 'int64', shape: [2], values: [-3n, 2n ** 63n - 1n] }]],
        metadata: {}
      })
      const r = _.decodeSafeTensors(bytes)
      if (E.isLeft(r)) return expect.fail(r.left.message)
      expect(r.right.tensors.map(([n]) => n)).toEqual(['w'])
      expect(r.right.integers).toEqual([['n', { dtype: 'int64', shape: [], values: [big] }], ['m', { dtype: 'int64', shape: [2], values: [-3n, 2n ** 63n - 1n] }]])
      // the bytes after the header: 1.0f, 2.0f, then the integers little-endian
      expect(Array.from(bytes.subarray(bytes.length - 24))).toEqual([...i64(big), ...i64(-3n, 2n ** 63n - 1n)])
    })
    it('should read an I64 tensor written by hand, and check its offsets at 8 bytes a value', () => {
      const r = _.decodeSafeTensors(handMade(`{${info('count', 'I64', [], 0, 8)}}`, i64(42n)))
      expect(E.isRight(r) && r.right.integers).toEqual([['count', { dtype: 'int64', shape: [], values: [42n] }]])
      expect(messageOf(_.decodeSafeTensors(handMade(`{${info('count', 'I64', [2], 0, 8)}}`, i64(42n))))).toBe(
        'tensor count: data_offsets [0, 8] hold 8 bytes, but shape [2] I64 needs 16'
      )
    })
    it('should refuse to write an integer that does not fit in 64 bits, or the wrong number of values, naming the tensor', () => {
      expect(() => _.encodeSafeTensors({ tensors: [], integers: [['n', { dtype: 'int64', shape: [], values: [2n ** 63n] }]], metadata: {} })).toThrow(
        'encodeSafeTensors: tensor n: 9223372036854775808 does not fit in a 64-bit signed integer (I64)'
      )
      expect(() => _.encodeSafeTensors({ tensors: [], integers: [['n', { dtype: 'int64', shape: [3], values: [1n] }]], metadata: {} })).toThrow(
        'encodeSafeTensors: tensor n: expected 3 values for shape [3], found 1'
      )
    })
  })
})
