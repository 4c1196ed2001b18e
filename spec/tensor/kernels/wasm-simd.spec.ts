import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../src/tensor/kernels/wasm-simd.js'
import { blockedGemm } from '../../../src/tensor/kernels/blocked.js'
import { referenceGemm } from '../../../src/tensor/kernels/reference.js'
import type { FloatArray, Kernels } from '../../../src/tensor/kernels/kernels.js'
import { gemmCase, seed } from '../../support/gen.js'

const load = (threads: 1 | 2): Kernels => {
  const k = _.loadWasmKernels({ threads })
  if (E.isLeft(k)) throw new Error(k.left)
  return k.right
}

// Every fast backend, float32: the blocked JS kernel and WebAssembly SIMD on one and two threads.
const backends: ReadonlyArray<readonly [string, Kernels['gemm']]> = [
  ['js-blocked', blockedGemm],
  ['wasm-simd', load(1).gemm],
  ['wasm-simd×2', load(2).gemm]
]
const layouts = [[false, false], [true, false], [false, true]] as const

// The reference in float64 is the oracle; float32 rounding grows like √k times the term size (≤ 16).
const check = (gemm: Kernels['gemm'], m: number, k: number, n: number, a: ArrayLike<number>, b: ArrayLike<number>, ta: boolean, tb: boolean): void => {
  const got = new Float32Array(m * n)
  gemm(Float32Array.from(a), Float32Array.from(b), got, m, k, n, ta, tb)
  const want = new Float64Array(m * n)
  referenceGemm(Float64Array.from(Float32Array.from(a)), Float64Array.from(Float32Array.from(b)), want, m, k, n, ta, tb)
  let worst = 0
  for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!))
  expect(worst).toBeLessThan(16 * 2e-7 * Math.max(1, k))
}

const pattern = (len: number, mod: number): Array<number> => Array.from({ length: len }, (_, i) => ((i * 7919) % mod) / mod - 0.5)

describe('wasm-simd', () => {
  describe('loadWasmKernels', () => {
    it('should load on this runtime (Node 20 has WebAssembly SIMD)', () => {
      expect(E.isRight(_.loadWasmKernels())).toBe(true)
    })
    it('should return a Left naming WebAssembly for a corrupt module, not throw', () => {
      const bad = _.loadWasmKernels({ bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99, 99]) })
      expect(E.isLeft(bad) && bad.left).toMatch(/WebAssembly/)
    })
    for (const [name, gemm] of backends) {
      for (const [ta, tb] of layouts) {
        test.prop([gemmCase(40)], { seed, numRuns: 60 })(`${name} should agree with the reference (transA ${ta}, transB ${tb})`, (c) =>
          check(gemm, c.m, c.k, c.n, c.a, c.b, ta, tb)
        )
      }
      it(`${name} should handle 1×1, tall, wide, ragged, long-k and two-thread sizes in every layout`, () => {
        for (const [m, k, n] of [[1, 1, 1], [1, 600, 1], [600, 1, 3], [3, 1, 600], [257, 3, 5], [5, 1100, 9], [130, 70, 150], [133, 1030, 17]]) {
          for (const [ta, tb] of layouts) check(gemm, m!, k!, n!, pattern(m! * k!, 97), pattern(k! * n!, 89), ta, tb)
        }
      })
    }
    it('should leave its inputs unchanged and fill only out', () => {
      const a = Float32Array.from(pattern(12, 7))
      const b = Float32Array.from(pattern(12, 5))
      const [a0, b0] = [a.slice(), b.slice()]
      const out: FloatArray = new Float32Array(9)
      load(2).gemm(a, b, out, 3, 4, 3, false, false)
      expect([a, b]).toEqual([a0, b0])
    })
    it('should hand float64 products to the JavaScript kernel, exactly', () => {
      const a = Float64Array.from(pattern(20, 11))
      const b = Float64Array.from(pattern(20, 13))
      const [got, want] = [new Float64Array(16), new Float64Array(16)]
      load(1).gemm(a, b, got, 4, 5, 4, false, false)
      blockedGemm(a, b, want, 4, 5, 4, false, false)
      expect(got).toEqual(want)
    })
  })
})
