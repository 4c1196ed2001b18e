/**
 * The PNG reader of `npm run predict` (scripts/lib/png-digit.ts): sizes checked before decoding,
 * and fuzzed — 10,000 random and mutated files, each giving a digit or an error, never a throw, and
 * never a decode of more pixels than the documented limit.
 */
import { deflateSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../scripts/lib/png-digit.js'
import { chunk, png } from '../../support/png.js'

// A 28×28 grey picture: a bright bar on black, each row with filter byte 0.
const raw28 = Uint8Array.from({ length: 29 * 28 }, (_, i) => (i % 29 === 0 ? 0 : (i % 29) > 10 && (i % 29) < 18 ? 255 : 0))
const seeds = [
  png(28, 28, raw28),
  png(28, 28, Uint8Array.from({ length: 28 * (1 + 28 * 4) }, (_, i) => (i % 113 === 0 ? 0 : i & 0xff)), 0, 6), // RGBA
  png(28, 28, raw28.subarray(0, 29 * 28), 1), // interlaced: the bytes are not a valid Adam7 stream, so an error
  png(3, 2, Uint8Array.of(0, 1, 2, 3, 0, 4, 5, 6))
]

// The same file with IHDR's width and height replaced and its CRC recomputed: a file pngjs would decode.
const redeclare = (file: Uint8Array, width: number, height: number): Uint8Array => {
  const ihdr = Buffer.from(file.subarray(16, 29))
  ihdr.writeUInt32BE(width >>> 0, 0)
  ihdr.writeUInt32BE(height >>> 0, 4)
  return Buffer.concat([file.subarray(0, 8), chunk('IHDR', ihdr), file.subarray(33)])
}

const mutated = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 })).map(([s, flips]) => {
    const b = Uint8Array.from(s)
    for (const [at, v] of flips) b[at % b.length] = v
    return b
  }),
  fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([s, n]) => s.subarray(0, n % (s.length + 1))),
  // Declared sizes small (decoded, quickly) or beyond the limit (refused before decoding).
  fc.tuple(fc.constantFrom(...seeds), fc.oneof(fc.nat({ max: 64 }), fc.integer({ min: 4097, max: 2 ** 32 - 1 })), fc.oneof(fc.nat({ max: 64 }), fc.integer({ min: 4097, max: 2 ** 32 - 1 }))).map(([s, w, h]) => redeclare(s, w, h)),
  fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([s, at, ins]) => {
    const i = at % (s.length + 1)
    return Buffer.concat([s.subarray(0, i), ins, s.subarray(i)])
  })
)

describe('png-digit', () => {
  describe('pngToDigit', () => {
    it('should read a 28×28 picture to 784 grey levels, bright digit on dark', () => {
      const r = _.pngToDigit(seeds[0]!, 'bar.png')
      if (E.isLeft(r)) return expect.fail(r.left)
      expect(r.right).toHaveLength(784)
      expect(Math.max(...r.right)).toBeGreaterThan(0.5) // the bar, after MNIST's preparation
      expect(r.right[0]).toBe(0)
    })
    it('should refuse a picture declaring more pixels than the limit before decoding it', () => {
      const bomb = png(12000, 12000, new Uint8Array(0))
      expect(_.pngToDigit(bomb, 'bomb.png')).toEqual(E.left('bomb.png: 12000 × 12000 pixels is more than the limit of 16,777,216 pixels (4096 × 4096, each side at most 16384)'))
      expect(_.pngToDigit(png(20000, 10, new Uint8Array(0)), 'wide.png')).toEqual(E.left('wide.png: 20000 × 10 pixels is more than the limit of 16,777,216 pixels (4096 × 4096, each side at most 16384)'))
    })
    it('should refuse an interlaced picture whose data inflates beyond what its size needs', () => {
      const bomb = png(100, 100, new Uint8Array(5_000_000), 1)
      expect(bomb.length).toBeLessThan(10_000)
      expect(_.pngToDigit(bomb, 'i.png')).toEqual(E.left('i.png: the image data inflates to more than the 21224 bytes its 100 × 100 pixels need'))
    })
    it('should give a digit or an error for 10,000 random and mutated files: never a throw, never an oversized decode', () => {
      let digits = 0
      fc.assert(
        fc.property(mutated, (bytes) => {
          const r = _.pngToDigit(bytes, 'f.png')
          if (E.isLeft(r)) return typeof r.left === 'string' && r.left.startsWith('f.png: ') && !r.left.includes('\n')
          digits++
          const h = _.pngHeader(bytes)
          return E.isRight(h) && h.right.width * h.right.height <= _.maxPngPixels && r.right.length === 784 && r.right.every((v) => v >= 0 && v <= 1)
        }),
        { numRuns: 10_000, seed: 16 }
      )
      expect(digits).toBeGreaterThan(20) // the mutations keep some files readable
    })
  })
})
