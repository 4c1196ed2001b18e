import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/wasm/instance.js'

describe('instance', () => {
  describe('decodeBase64', () => {
    it('should decode RFC 4648 test vectors', () => {
      expect(Array.from(_.decodeBase64('Zm9vYmFy'))).toEqual([102, 111, 111, 98, 97, 114])
      expect(Array.from(_.decodeBase64('Zm9vYg=='))).toEqual([102, 111, 111, 98])
      expect(Array.from(_.decodeBase64(''))).toEqual([])
    })
  })
  describe('instantiate', () => {
    it('should compile the built module with gemm and its packing', () => {
      const w = _.instantiate()
      expect(E.isRight(w) && [w.right.exports.gemm, w.right.exports.packA, w.right.exports.packB].map((f) => typeof f)).toEqual(['function', 'function', 'function'])
    })
    it('should put the module on shared memory by default and on unshared memory when asked (the one-thread path)', () => {
      const [shared, local] = [_.instantiate(), _.instantiate(undefined, true, false)]
      expect([E.isRight(shared) && shared.right.shared, E.isRight(local) && local.right.shared]).toEqual([true, false])
      expect(E.isRight(local) && local.right.memory.buffer instanceof SharedArrayBuffer).toBe(false)
    })
    it('should return a Left for bytes that are not WebAssembly', () => {
      expect(E.isLeft(_.instantiate(new Uint8Array([1, 2, 3])))).toBe(true)
    })
  })
  describe('viewOf', () => {
    it('should grow memory to at least the size asked, in 64 KiB pages, and reuse the view', () => {
      const w = _.instantiate()
      if (E.isLeft(w)) throw new Error(w.left)
      const big = _.viewOf(w.right, 3 * 65536 + 1)
      expect(big.byteLength).toBeGreaterThanOrEqual(3 * 65536 + 1)
      expect(big.byteLength % 65536).toBe(0)
      expect(_.viewOf(w.right, 16)).toBe(big)
    })
  })
})
