import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/wasm/pool.js'
import { plainWasm } from '../../../../src/tensor/kernels/wasm/binary.js'
import { decodeBase64, instantiate, viewOf } from '../../../../src/tensor/kernels/wasm/instance.js'

describe('pool', () => {
  describe('startPool', () => {
    it('should run its calls on the worker and its own part here, then return with both done', () => {
      const w = instantiate()
      if (E.isLeft(w)) throw new Error(w.left)
      const pool = _.startPool(w.right)
      expect(pool).toBeDefined()
      // C (8 × 8) = A (8 × 1) · B (1 × 8) with A = 1..8 and B = 1..8: rows 0-3 here, rows 4-7 on the worker.
      const f = viewOf(w.right, 4096)
      f.set(Array.from({ length: 8 }, (_v, i) => i + 1), 0)
      f.set(Array.from({ length: 8 }, (_v, i) => i + 1), 16)
      const call = (row: number): _.GemmCall => [4 * row, 64, 128 + 32 * row, 4, 1, 8, 1, 1, 8, 8, 0]
      let ownRan = false
      pool!.run([call(4)], () => {
        w.right.exports.gemm(...call(0))
        ownRan = true
      })
      expect(ownRan).toBe(true)
      const c = Array.from(f.subarray(32, 96))
      expect(c).toEqual(Array.from({ length: 64 }, (_v, q) => (Math.floor(q / 8) + 1) * ((q % 8) + 1)))
    })
    it('should give no pool for a module on unshared memory (single-threaded fallback)', () => {
      const w = instantiate(decodeBase64(plainWasm))
      if (E.isLeft(w)) throw new Error(w.left)
      expect(w.right.shared).toBe(false)
      expect(_.startPool(w.right)).toBeUndefined()
    })
  })
})
