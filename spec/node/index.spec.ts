import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/node/index.js'
import { Data } from '../../src/index.js'
import { gzip, idxU8, tinyMnist } from '../fixtures/idx.js'

describe('kanzen/node', () => {
  it('should gunzip within the output bound and throw past it', () => {
    expect(Array.from(_.gunzip(gzipSync(Uint8Array.of(1, 2, 3)), 3))).toEqual([1, 2, 3])
    expect(() => _.gunzip(gzipSync(new Uint8Array(100)), 10)).toThrow()
  })
  it('should decode gzipped IDX as Data.decodeIdx decodes the raw bytes', () => {
    const raw = idxU8([2, 2], [1, 2, 3, 4])
    expect(_.decodeIdx(gzip(raw))).toEqual(Data.decodeIdx(raw))
    expect(E.isLeft(Data.decodeIdx(gzip(raw)))).toBe(true)
  })
  it('should decode gzipped MNIST files, keeping the other options', () => {
    const { images, labels } = tinyMnist(3)
    const m = _.decodeMnist(gzip(images), gzip(labels))
    expect(E.isRight(m) && m.right.count).toBe(3)
    const bounded = _.decodeMnist(gzip(images), gzip(labels), { maxElements: 10 })
    expect(E.isLeft(bounded) && bounded.left[0]?.path).toBe('images/gzip')
  })
})
