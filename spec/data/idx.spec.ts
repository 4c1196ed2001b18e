import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/idx.js'
import type { DataErrors } from '../../src/data/data-error.js'
import { gzip, idxU8, u32 } from '../fixtures/idx.js'
import { gunzip } from '../../src/node/index.js'
import { seed } from '../support/gen.js'

const left = (r: E.Either<DataErrors, unknown>): DataErrors => (E.isLeft(r) ? r.left : [])
const right = <A>(r: E.Either<DataErrors, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected Right, got ${JSON.stringify(r.left)}`)
  return r.right
}

describe('idx', () => {
  describe('decodeIdx', () => {
    it('should decode a hand-written uint8 file', () => {
      const x = right(_.decodeIdx(idxU8([2, 3], [1, 2, 3, 4, 5, 255])))
      expect([x.type, x.dims, Array.from(x.data)]).toEqual(['uint8', [2, 3], [1, 2, 3, 4, 5, 255]])
    })
    it('should decode every element type big-endian (known bytes)', () => {
      const cases: ReadonlyArray<readonly [number, _.IdxType, Array<number>, Array<number>]> = [
        [0x09, 'int8', [0xff, 0x80], [-1, -128]],
        [0x0b, 'int16', [0x01, 0x02, 0xff, 0xfe], [258, -2]],
        [0x0c, 'int32', [0x00, 0x01, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff], [65536, -1]],
        [0x0d, 'float32', [0x3f, 0xc0, 0x00, 0x00, 0xc0, 0x20, 0x00, 0x00], [1.5, -2.5]],
        [
          0x0e,
          'float64',
          [0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18],
          [1.5, 3.141592653589793]
        ]
      ]
      for (const [code, type, body, values] of cases) {
        const x = right(_.decodeIdx(Uint8Array.from([0, 0, code, 1, ...u32(2), ...body])))
        expect([x.type, x.dims, Array.from(x.data)]).toEqual([type, [2], values])
      }
    })
    it('should decode gzipped bytes (detected by 1f 8b) to the same value', () => {
      const raw = idxU8([3], [7, 8, 9])
      expect(right(_.decodeIdx(gzip(raw), { inflate: gunzip }))).toEqual(right(_.decodeIdx(raw)))
    })
    it('should refuse gzipped bytes without an inflate option, saying what to pass', () => {
      expect(left(_.decodeIdx(gzip(idxU8([3], [7, 8, 9]))))).toEqual([
        {
          path: 'gzip',
          expected: 'raw IDX bytes, or an inflate option (kanzen/node: gunzip)',
          found: 'gzipped bytes (1f 8b)'
        }
      ])
    })
    it('should decode rank 0 (one element) and empty dimensions', () => {
      expect(Array.from(right(_.decodeIdx(Uint8Array.from([0, 0, 8, 0, 42]))).data)).toEqual([42])
      expect(right(_.decodeIdx(idxU8([0, 5], []))).data.length).toBe(0)
    })
    it('should not alias the input bytes', () => {
      const raw = idxU8([2], [1, 2])
      const x = right(_.decodeIdx(raw))
      raw[8] = 99
      expect(Array.from(x.data)).toEqual([1, 2])
    })
  })

  describe('decodeIdx (bad input)', () => {
    it('should name header/magic for a wrong magic', () => {
      expect(left(_.decodeIdx(Uint8Array.from([0, 1, 8, 1, 0, 0, 0, 0])))).toEqual([
        { path: 'header/magic', expected: 'two zero bytes 00 00', found: '00 01' }
      ])
    })
    it('should name header/type for an unknown element type', () => {
      expect(left(_.decodeIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0])))).toEqual([
        { path: 'header/type', expected: 'an element type 08, 09, 0b, 0c, 0d or 0e', found: '0a' }
      ])
    })
    it('should name the header when there are fewer than 4 bytes', () => {
      expect(left(_.decodeIdx(Uint8Array.from([0, 0])))[0]?.path).toBe('header')
      expect(left(_.decodeIdx(new Uint8Array(0)))[0]?.path).toBe('header')
    })
    it('should name the missing size dims/1 when the header is cut short', () => {
      expect(left(_.decodeIdx(Uint8Array.from([0, 0, 8, 2, ...u32(1), 0, 0])))).toEqual([
        { path: 'dims/1', expected: 'a 4-byte big-endian size', found: 'end of data after 10 bytes' }
      ])
    })
    it('should name the body for a truncated body', () => {
      expect(left(_.decodeIdx(idxU8([2, 2], [1, 2, 3])))).toEqual([
        { path: 'body', expected: '4 bytes (4 × uint8)', found: '3 bytes (truncated)' }
      ])
      const f64 = Uint8Array.from([0, 0, 0x0e, 1, ...u32(1), 1, 2, 3])
      expect(left(_.decodeIdx(f64))).toEqual([
        { path: 'body', expected: '8 bytes (1 × float64)', found: '3 bytes (truncated)' }
      ])
    })
    it('should refuse non-finite float elements, naming the first', () => {
      // float32 NaN = 7f c0 00 00, +Infinity = 7f 80 00 00 (big-endian)
      const f32 = Uint8Array.from([0, 0, 0x0d, 1, ...u32(3), 0x3f, 0x80, 0, 0, 0x7f, 0xc0, 0, 0, 0x7f, 0x80, 0, 0])
      expect(left(_.decodeIdx(f32))).toEqual([{ path: 'values/1', expected: 'finite numbers', found: 'NaN (and 1 more non-finite values)' }])
    })
    it('should name the body for trailing bytes', () => {
      expect(left(_.decodeIdx(idxU8([2], [1, 2, 3])))).toEqual([
        { path: 'body', expected: '2 bytes (2 × uint8)', found: '3 bytes (trailing bytes)' }
      ])
    })
    it('should refuse a header whose size product exceeds the limit, before allocating', () => {
      // 4 × 2³² − 1 elements claimed in a 12-byte file: refused by the limit check, not by a failed allocation.
      const huge = Uint8Array.from([0, 0, 0x0e, 2, ...u32(4), ...u32(0xffffffff)])
      expect(left(_.decodeIdx(huge))).toEqual([
        {
          path: 'dims/1',
          expected: `sizes whose product is at most ${_.defaultMaxElements}`,
          found: `4294967295 (product ${0xffffffff * 4})`
        }
      ])
      expect(left(_.decodeIdx(idxU8([3, 4], new Array(12).fill(0)), { maxElements: 10 }))).toEqual([
        { path: 'dims/1', expected: 'sizes whose product is at most 10', found: '4 (product 12)' }
      ])
      expect(E.isRight(_.decodeIdx(idxU8([3, 4], new Array(12).fill(0)), { maxElements: 12 }))).toBe(true)
    })
    it('should refuse a gzip bomb beyond the limit while inflating', () => {
      const bomb = new Uint8Array(gzipSync(new Uint8Array(1_000_000)))
      expect(left(_.decodeIdx(bomb, { maxElements: 1000, inflate: gunzip }))[0]?.path).toBe('gzip')
    })
    it('should name gzip for a corrupted gzip stream, without throwing', () => {
      const good = gzip(idxU8([64], new Array(64).fill(7)))
      const corrupt = Uint8Array.from(good, (b, i) => (i >= 10 && i < 20 ? b ^ 0x5a : b))
      const truncated = good.subarray(0, good.length - 6)
      for (const bad of [corrupt, truncated, Uint8Array.from([0x1f, 0x8b])]) {
        const es = left(_.decodeIdx(bad, { inflate: gunzip }))
        expect(es[0]?.path).toBe('gzip')
        expect(es[0]?.expected).toBe('a complete gzip stream')
      }
    })
    it('should always return Left or Right for 10,000 random and mutated byte strings', () => {
      const valid = [
        idxU8([2, 3], [1, 2, 3, 4, 5, 6]),
        Uint8Array.from([0, 0, 0x0d, 1, ...u32(1), 0x3f, 0xc0, 0, 0]),
        gzip(idxU8([4], [1, 2, 3, 4]))
      ]
      const mutated = fc
        .tuple(
          fc.constantFrom(...valid),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
          fc.integer({ min: -3, max: 3 })
        )
        .map(([base, edits, cut]) => {
          const b = Uint8Array.from(base)
          for (const [at, v] of edits) b[at % b.length] = v
          return cut >= 0 ? b.subarray(0, b.length - cut) : Uint8Array.from([...b, ...new Array(-cut).fill(0)])
        })
      const random = fc.uint8Array({ maxLength: 64 })
      const header = fc
        .tuple(
          fc.constantFrom(8, 9, 11, 12, 13, 14, 0, 255),
          fc.integer({ min: 0, max: 4 }),
          fc.uint8Array({ maxLength: 40 })
        )
        .map(([t, r, rest]) => Uint8Array.from([0, 0, t, r, ...rest]))
      fc.assert(
        fc.property(fc.oneof(random, mutated, header), (bytes) => {
          const r = _.decodeIdx(bytes, { maxElements: 1 << 20, inflate: gunzip })
          expect(E.isLeft(r) || E.isRight(r)).toBe(true)
          if (E.isLeft(r)) expect(r.left.length).toBeGreaterThan(0)
        }),
        { seed, numRuns: 10_000 }
      )
    })
  })

  describe('encodeIdx', () => {
    it('should write the hand-worked bytes', () => {
      expect(
        Array.from(right(_.encodeIdx({ type: 'uint8', dims: [2, 3], data: Uint8Array.of(1, 2, 3, 4, 5, 255) })))
      ).toEqual(Array.from(idxU8([2, 3], [1, 2, 3, 4, 5, 255])))
      expect(Array.from(right(_.encodeIdx({ type: 'float32', dims: [1], data: Float32Array.of(1.5) })))).toEqual([
        0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0
      ])
    })
    it('should refuse data that disagrees with the dims', () => {
      expect(left(_.encodeIdx({ type: 'uint8', dims: [2, 2], data: new Uint8Array(3) }))).toEqual([
        { path: 'body', expected: '4 elements', found: '3 elements' }
      ])
      expect(left(_.encodeIdx({ type: 'uint8', dims: [1.5], data: new Uint8Array(1) }))[0]?.path).toBe('dims/0')
    })
    it('should round-trip through decodeIdx for every type (property)', () => {
      const ctors = {
        uint8: Uint8Array,
        int8: Int8Array,
        int16: Int16Array,
        int32: Int32Array,
        float32: Float32Array,
        float64: Float64Array
      } as const
      const idx = fc
        .tuple(
          fc.constantFrom(...(Object.keys(ctors) as Array<_.IdxType>)),
          fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 })
        )
        .chain(([type, dims]) => {
          const n = dims.reduce((a, d) => a * d, 1)
          return fc
            .array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n, maxLength: n })
            .map((vs): _.Idx => ({ type, dims, data: ctors[type].from(vs) }))
        })
      fc.assert(
        fc.property(idx, fc.boolean(), (x, zipped) => {
          const bytes = right(_.encodeIdx(x))
          expect(right(_.decodeIdx(zipped ? gzip(bytes) : bytes, { inflate: gunzip }))).toEqual(x)
        }),
        { seed, numRuns: 300 }
      )
    })
  })
})
