import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/mnist.js'
import type { DataErrors } from '../../src/data/data-error.js'
import { gzip, idxU8, tinyMnist } from '../fixtures/idx.js'
import { gunzip } from '../../src/node/index.js'

const left = (r: E.Either<DataErrors, unknown>): DataErrors => (E.isLeft(r) ? r.left : [])

describe('mnist', () => {
  describe('decodeMnist', () => {
    it('should decode images to [n, 784] in [0, 1] and labels to an Int32Array', () => {
      const { images, labels } = tinyMnist(3)
      const m = _.decodeMnist(images, labels)
      expect(E.isRight(m)).toBe(true)
      if (E.isLeft(m)) return
      expect(m.right.count).toBe(3)
      expect(m.right.images.shape).toEqual([3, 784])
      expect(m.right.images.dtype).toBe('float32')
      expect(m.right.labels).toEqual(Int32Array.of(0, 1, 2))
      // Pixel (image 2, row 1, column 3) was written as (2 + 1 + 3) mod 256 = 6, scaled by 1/255.
      expect(m.right.images.data[2 * 784 + 28 * 1 + 3]).toBeCloseTo(6 / 255, 7)
      expect(Math.max(...m.right.images.data)).toBeLessThanOrEqual(1)
    })
    it('should scale 0 to 0 and 255 to exactly 1', () => {
      const images = idxU8([1, 28, 28], [255, ...new Array(783).fill(0)])
      const m = _.decodeMnist(images, idxU8([1], [5]))
      expect(E.isRight(m) && [m.right.images.data[0], m.right.images.data[1]]).toEqual([1, 0])
    })
    it('should accept gzipped files', () => {
      const { images, labels } = tinyMnist(2)
      const m = _.decodeMnist(gzip(images), gzip(labels), { inflate: gunzip })
      expect(E.isRight(m) && Array.from(m.right.labels)).toEqual([0, 1])
    })
    it('should report image and label counts that disagree', () => {
      const { images } = tinyMnist(3)
      expect(left(_.decodeMnist(images, idxU8([2], [1, 2])))).toEqual([
        { path: 'count', expected: 'as many labels as images (3)', found: '2 labels' }
      ])
    })
    it('should report images that are not 28×28', () => {
      expect(left(_.decodeMnist(idxU8([1, 27, 28], new Array(27 * 28).fill(0)), idxU8([1], [0])))).toEqual([
        { path: 'images/dims/1', expected: '28 rows', found: '27' }
      ])
      expect(left(_.decodeMnist(idxU8([1, 784], new Array(784).fill(0)), idxU8([1], [0])))[0]?.path).toBe(
        'images/header/rank'
      )
    })
    it('should report labels outside 0..9 by position', () => {
      const { images } = tinyMnist(3)
      expect(left(_.decodeMnist(images, idxU8([3], [1, 10, 200])))).toEqual([
        { path: 'labels/values/1', expected: 'a digit 0..9', found: '10' },
        { path: 'labels/values/2', expected: 'a digit 0..9', found: '200' }
      ])
    })
    it('should report errors of both files together, each with its prefix', () => {
      const es = left(_.decodeMnist(Uint8Array.of(1, 0, 8, 1), idxU8([2], [1])))
      expect(es.map((e) => e.path)).toEqual(['images/header/magic'])
      expect(left(_.decodeMnist(tinyMnist(1).images, idxU8([2], [1])))[0]).toEqual({
        path: 'labels/body',
        expected: '2 bytes (2 × uint8)',
        found: '1 bytes (truncated)'
      })
    })
  })

  describe('labelCounts', () => {
    it('should count each digit', () => {
      expect(_.labelCounts(Int32Array.of(0, 0, 3, 9))).toEqual([2, 0, 0, 1, 0, 0, 0, 0, 0, 1])
    })
  })
})
