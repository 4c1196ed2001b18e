import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { blockedGemm } from '../../../../src/tensor/kernels/js/gemm.js'
import { referenceGemm } from '../../../../src/tensor/kernels/reference/gemm.js'
import type { FloatArray } from '../../../../src/tensor/kernels/kernels.js'
import { gemmCase, seed } from '../../../support/gen.js'

// Storage for op(A) = m×k: k×m when transposed; likewise op(B) = k×n stored n×k.
const run = (kernel: typeof referenceGemm, c: { m: number; k: number; n: number; a: Array<number>; b: Array<number> }, ta: boolean, tb: boolean, f64: boolean): FloatArray => {
  const mk = (xs: Array<number>): FloatArray => (f64 ? new Float64Array(xs) : new Float32Array(xs))
  const out = f64 ? new Float64Array(c.m * c.n) : new Float32Array(c.m * c.n)
  kernel(mk(c.a), mk(c.b), out, { m: c.m, k: c.k, n: c.n, transA: ta, transB: tb })
  return out
}

const maxRelErr = (x: FloatArray, y: FloatArray, scale: number): number => {
  let worst = 0
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / scale)
  return worst
}

describe('blocked', () => {
  describe('blockedGemm', () => {
    test.prop([gemmCase(40), fc.boolean(), fc.boolean()], { seed, numRuns: 200 })(
      'should agree with the reference in float64 for every layout and size',
      (c, ta, tb) => {
        const got = run(blockedGemm, c, ta, tb, true)
        const want = run(referenceGemm, c, ta, tb, true)
        // Summation order differs, so allow rounding relative to the size of the terms (|x| ≤ 4).
        expect(maxRelErr(got, want, 16 * c.k)).toBeLessThan(1e-14)
      }
    )
    test.prop([gemmCase(300)], { seed, numRuns: 20 })('should agree in float32 across several K blocks', (c) => {
      const got = run(blockedGemm, c, false, true, false)
      const want = run(referenceGemm, c, false, true, true)
      expect(maxRelErr(got, want, 16 * Math.sqrt(c.k))).toBeLessThan(1e-5)
    })
    test.prop([fc.constantFrom([1, 1, 1], [1, 600, 1], [600, 1, 3], [3, 1, 600], [257, 3, 5])], { seed })(
      'should handle 1×1, tall, wide and ragged edges',
      ([m, k, n]) => {
        const c = { m: m!, k: k!, n: n!, a: Array.from({ length: m! * k! }, (_, i) => (i % 7) - 3), b: Array.from({ length: k! * n! }, (_, i) => (i % 5) - 2) }
        for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
          expect(Array.from(run(blockedGemm, c, ta, tb, true))).toEqual(Array.from(run(referenceGemm, c, ta, tb, true)))
        }
      }
    )
  })
})
