import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/wasm/pool.js'
import { plainWasm } from '../../../../src/tensor/kernels/wasm/binary.js'
import { decodeBase64, instantiate, viewOf } from '../../../../src/tensor/kernels/wasm/instance.js'

// C (m × 8) = A (m × 1) · B (1 × 8) with A = 1..m and B = 1..8, so C[i][j] = (i + 1)(j + 1). With
// k = 1, A as stored is already its packed panels (4 rows a panel, lda = 4) and B its one panel (ldb = 8).
const outer = (m: number, rows: number): _.Plan => [0, 4 * 1024, 4 * 2048, m, 1, 8, 4, 8, 8, 16, 32, 1, rows, Math.ceil(m / rows), 0, -1, 0]
const expected = (m: number): Array<number> => Array.from({ length: 8 * m }, (_v, q) => (Math.floor(q / 8) + 1) * ((q % 8) + 1))

describe('pool', () => {
  describe('runTask', () => {
    it('should compute exactly the rows of its task', () => {
      const w = instantiate(decodeBase64(plainWasm))
      if (E.isLeft(w)) throw new Error(w.left)
      const f = viewOf(w.right, 4 * 4096)
      f.set(Array.from({ length: 12 }, (_v, i) => i + 1), 0)
      f.set(Array.from({ length: 8 }, (_v, i) => i + 1), 1024)
      f.fill(-1, 2048, 2048 + 96)
      _.runTask(w.right.exports, outer(12, 4), 1)
      expect(Array.from(f.subarray(2048 + 32, 2048 + 64))).toEqual(expected(12).slice(32, 64))
      expect(Array.from(f.subarray(2048, 2048 + 32))).toEqual(Array(32).fill(-1))
    })
  })
  describe('startPool', () => {
    it('should share the tasks of a plan between the threads and return with all of them done', () => {
      const w = instantiate()
      if (E.isLeft(w)) throw new Error(w.left)
      const pool = _.startPool(w.right)
      expect(pool).toBeDefined()
      const f = viewOf(w.right, 4 * 4096)
      for (const m of [64, 40, 8, 64]) {
        f.set(Array.from({ length: m }, (_v, i) => i + 1), 0)
        f.set(Array.from({ length: 8 }, (_v, i) => i + 1), 1024)
        f.fill(0, 2048, 2048 + 8 * m)
        pool!.run(outer(m, 4))
        expect(Array.from(f.subarray(2048, 2048 + 8 * m))).toEqual(expected(m))
      }
    })
    it('should give no pool for a module on unshared memory (single-threaded fallback)', () => {
      const w = instantiate(decodeBase64(plainWasm))
      if (E.isLeft(w)) throw new Error(w.left)
      expect(w.right.shared).toBe(false)
      expect(_.startPool(w.right)).toBeUndefined()
    })
  })
})
