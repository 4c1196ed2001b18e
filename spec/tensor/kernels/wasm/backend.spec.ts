import { setFlagsFromString } from 'node:v8'
import * as E from 'fp-ts/lib/Either.js'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/wasm/index.js'
import { instantiate, relaxedSimd, viewOf } from '../../../../src/tensor/kernels/wasm/instance.js'
import { blocking, layoutOf, packOperands } from '../../../../src/tensor/kernels/wasm/backend.js'
import { runTask } from '../../../../src/tensor/kernels/wasm/pool.js'
import { reference } from '../../../../src/tensor/kernels/reference/index.js'

// Node 20 validates relaxed SIMD only with this V8 flag (Node ≥ 22 has it on); set before any
// module is compiled, so that both builds are tested here.
setFlagsFromString('--experimental-wasm-relaxed-simd')
import { blockedGemm } from '../../../../src/tensor/kernels/js/gemm.js'
import type { Backend } from '../../../../src/tensor/kernels/kernels.js'
import { checkGemm, conformance, firstDifference } from '../conformance.js'
import { floats, seed } from '../../../support/gen.js'

// Two threads cut every large product here (`cut: 'always'`), so that every spec checks the cut;
// the measured choice is checked on its own below.
const load = (threads: 1 | 2, relaxed = false, cut: 'measured' | 'always' = 'always'): Backend => {
  const k = _.loadWasmKernels({ threads, relaxed, cut })
  if (E.isLeft(k)) throw new Error(k.left)
  return k.right
}

conformance(load(1))
conformance(load(2))
conformance(load(1, true))
conformance(load(2, true))

const pattern = (len: number, mod: number): Array<number> => Array.from({ length: len }, (_v, i) => ((i * 7919) % mod) / mod - 0.5)

describe('wasm backend', () => {
  describe('loadWasmKernels', () => {
    it('should load on this runtime (Node 20 has WebAssembly SIMD)', () => {
      expect(E.isRight(_.loadWasmKernels())).toBe(true)
    })
    it('should take the relaxed-SIMD build where the runtime validates it, and the plain one on request', () => {
      expect(relaxedSimd()).toBe(true)
      expect(load(1, true).name).toBe('wasm-relaxed-simd')
      expect(load(2, true).name).toBe('wasm-relaxed-simd×2')
      expect(load(1, false).name).toBe('wasm-simd')
    })
    it('should return a Left naming WebAssembly for a corrupt module, not throw', () => {
      const bad = _.loadWasmKernels({ wasmBytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99, 99]) })
      expect(E.isLeft(bad) && bad.left).toMatch(/WebAssembly/)
    })
    it('should hand float64 products to the JavaScript kernel, exactly', () => {
      const a = Float64Array.from(pattern(20, 11))
      const b = Float64Array.from(pattern(20, 13))
      const [got, want] = [new Float64Array(16), new Float64Array(16)]
      load(1).gemm!(a, b, got, { m: 4, k: 5, n: 4 })
      blockedGemm(a, b, want, { m: 4, k: 5, n: 4 })
      expect(got).toEqual(want)
    })
    it('should agree with the reference whether an operand is read in place (Aᵀ, B with a spreading stride) or packed', () => {
      // m or n = 100 (400-byte rows: read in place), 128 (512-byte rows: packed), 101 (odd: in place, ragged edge)
      for (const relaxed of [false, true]) {
        for (const threads of [1, 2] as const) {
          for (const [transA, transB] of [[false, false], [true, false], [false, true]] as const) {
            // k = 1030 also cuts p into blocks (k > 1024), each block starting at its offset in the operand
            for (const [size, k] of [[100, 37], [128, 37], [101, 37], [128, 1030], [100, 1030]] as const) {
              const [m, n] = [size, size]
              checkGemm(load(threads, relaxed).gemm!, { m, k, n, transA, transB }, pattern(m * k, 89), pattern(k * n, 97))
            }
          }
        }
      }
    })
    it('should run products with few columns on the narrow kernels, as the reference does, the same bytes on one and two threads', () => {
      expect([false, true].map((transA) => layoutOf({ m: 100, k: 100, n: 10, transA }).plan[16])).toEqual([1, 1])
      expect(layoutOf({ m: 100, k: 100, n: 10, transB: true }).plan[16]).toBe(0)
      for (const relaxed of [false, true]) {
        for (const transA of [false, true]) {
          // every residue of n mod 4, and m mod 16 = 1..4 (the last rows on the 4 × 8 kernel) or more, edge tiles of both narrow kernels
          for (const n of [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13, 17, 22]) {
            for (const m of [1, 7, 16, 18, 29, 35, 100]) {
              const spec = { m, k: 23, n, transA, bias: Float32Array.from(pattern(n, 7)), relu: n % 2 === 0 }
              checkGemm(load(1, relaxed).gemm!, spec, pattern(m * 23, 89), pattern(23 * n, 97))
            }
          }
          // large enough to be cut across the threads (m·k·n ≥ 2^20)
          const [m, k, n] = [2000, 100, 10]
          const [a, b] = [Float32Array.from(pattern(m * k, 101)), Float32Array.from(pattern(k * n, 103))]
          const spec = { m, k, n, transA, bias: Float32Array.from(pattern(n, 7)), relu: true }
          expect(layoutOf(spec).plan[16]).toBe(1)
          const [one, two] = [new Float32Array(m * n).fill(Number.NaN), new Float32Array(m * n)]
          load(1, relaxed).gemm!(a, b, one, spec)
          load(2, relaxed).gemm!(a, b, two, spec)
          expect(two).toEqual(one)
          checkGemm(load(2, relaxed).gemm!, spec, a, b)
        }
      }
    })
    it('should run A·B with few columns on the dot-product kernel, as the reference does, at every edge of its tiles', () => {
      // aStep 0 selects it (A read as stored); Aᵀ·B stays on the narrow kernels, A·Bᵀ on the 4 × 8 one
      expect(layoutOf({ m: 100, k: 100, n: 10 }).plan[9]).toBe(0)
      expect(layoutOf({ m: 100, k: 100, n: 10, transA: true }).plan[9]).not.toBe(0)
      for (const relaxed of [false, true]) {
        // n: 2 × 4 tiles, then the 4 × 2 tile for n mod 4 = 1, 2, a 2 × 4 tile with a zero row for 3
        // (n = 7 and 8: as many columns as the 4 × 8 kernel, which runs them); m: row pairs and 4-row
        // tiles cut by m; k: every residue mod 4 (the masked last vector), k < 4
        for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]) {
          for (const m of [1, 2, 3, 4, 5, 6, 7, 9, 13, 100]) {
            for (const k of [1, 2, 3, 4, 5, 6, 7, 23, 100]) {
              expect(layoutOf({ m, k, n }).plan[9] === 0).toBe(n !== 7 && n !== 8)
              const spec = { m, k, n, bias: Float32Array.from(pattern(n, 7)), relu: (m + k) % 2 === 0 }
              checkGemm(load(1, relaxed).gemm!, spec, pattern(m * k, 89), pattern(k * n, 97))
            }
          }
        }
      }
    })
    it('should not let a non-finite value past the end of a row of A reach the other rows of the dot-product kernel', () => {
      // A[1][0] = ∞ lies right after row 0, in the lanes of row 0's last vector of p (k = 5, 6, 7)
      for (const relaxed of [false, true]) {
        for (const k of [5, 6, 7]) {
          const [m, n] = [2, 3]
          const a = Float32Array.from(pattern(m * k, 89))
          a[k] = Number.POSITIVE_INFINITY
          const b = Float32Array.from(pattern(k * n, 97))
          const got = new Float32Array(m * n)
          load(1, relaxed).gemm!(a, b, got, { m, k, n })
          const want = new Float64Array(m * n)
          reference.gemm(Float64Array.from(a), Float64Array.from(b), want, { m, k, n })
          expect(Array.from(got.subarray(0, n)).every(Number.isFinite)).toBe(true)
          expect(Array.from(got.subarray(0, n)).map((x, j) => Math.abs(x - want[j]!) < 1e-5)).toEqual([true, true, true])
        }
      }
    })
    it('should still run A·B with few columns on the narrow kernels when the dot-product kernel is off, as the reference does', () => {
      // the layout the backend takes without it: A packed by packT into 8-row panels
      for (const relaxed of [false, true]) {
        const inst = instantiate(undefined, relaxed, false)
        if (E.isLeft(inst)) throw new Error(inst.left)
        const w = inst.right
        for (const [m, k, n] of [[100, 100, 10], [29, 23, 10], [7, 5, 3], [16, 4, 1], [17, 6, 2]] as const) {
          const l = layoutOf({ m, k, n }, { ...blocking, dot: false })
          expect([l.plan[9], l.plan[16]]).toEqual([32, 1])
          const [a, b] = [Float32Array.from(pattern(m * k, 89)), Float32Array.from(pattern(k * n, 97))]
          const f = viewOf(w, l.bytes)
          f.set(a, l.a)
          f.set(b, l.b)
          packOperands(w.exports, l.packs)
          for (let t = 0; t < l.plan[13]; t++) runTask(w.exports, l.plan, t)
          const want = new Float64Array(m * n)
          reference.gemm(Float64Array.from(a), Float64Array.from(b), want, { m, k, n })
          const got = f.subarray(l.c, l.c + m * n)
          expect(Array.from(got).every((x, i) => Math.abs(x - want[i]!) < 16 * 2e-7 * k + 1e-6)).toBe(true)
        }
      }
    })
    // C much larger than the work per entry (k ≤ 32, m·n > 4096) on the 4 × 8 kernel: computed a window of
    // rows at a time (runInWindow); rows cut at multiples of 8, the last block shorter, a last panel of 1..8 columns
    const windowCase = fc
      .tuple(fc.integer({ min: 2, max: 150 }), fc.integer({ min: 1, max: 32 }), fc.integer({ min: 33, max: 140 }))
      .filter(([m, , n]) => m * n > 4096)
      .chain(([m, k, n]) => fc.record({ m: fc.constant(m), k: fc.constant(k), n: fc.constant(n), a: floats(m * k), b: floats(k * n) }))
    test.prop([windowCase, fc.constantFrom(...([[false, false], [true, false], [false, true]] as const)), fc.boolean(), fc.constantFrom(0, 1, 2)], { seed, numRuns: 60 })(
      'should compute C through a window of rows as the reference does, the same bytes as in one pass and on two threads',
      ({ m, k, n, a, b }, [transA, transB], relaxed, epilogue) => {
        const spec = { m, k, n, transA, transB, ...(epilogue > 0 ? { bias: Float32Array.from(pattern(n, 7)) } : {}), relu: epilogue === 2 }
        const l = layoutOf(spec)
        // (A·B runs on the dot-product kernel, without a window, unless n mod 8 is 0 or 7: there 4 × 8 tiles waste fewer columns)
        expect(l.windowRows > 0).toBe(l.plan[16] === 0)
        checkGemm(load(1, relaxed).gemm!, spec, a, b)
        // one pass over all rows (runTask, as before the window) and two threads give the same bytes
        const inst = instantiate(undefined, relaxed, false)
        if (E.isLeft(inst)) throw new Error(inst.left)
        const w = inst.right
        const f = viewOf(w, l.bytes)
        f.set(Float32Array.from(a), l.a)
        f.set(Float32Array.from(b), l.b)
        if (spec.bias !== undefined) {
          f.set(spec.bias, l.bias)
          f.fill(0, l.bias + n, l.bias + l.biasPad)
        }
        packOperands(w.exports, l.packs)
        runTask(w.exports, l.plan, 0)
        const [one, two] = [new Float32Array(m * n).fill(Number.NaN), new Float32Array(m * n).fill(Number.NaN)]
        load(1, relaxed).gemm!(Float32Array.from(a), Float32Array.from(b), one, spec)
        load(2, relaxed).gemm!(Float32Array.from(a), Float32Array.from(b), two, spec)
        expect(firstDifference(one, f.subarray(l.c, l.c + m * n))).toBe(-1)
        expect(firstDifference(two, one)).toBe(-1)
      }
    )
    it('should run [100,10]·[100,10]ᵀ through a window of 40 rows, and not the products that do more work per entry', () => {
      expect(layoutOf({ m: 100, k: 10, n: 100, transB: true }).windowRows).toBe(40)
      expect(layoutOf({ m: 100, k: 100, n: 784, transB: true }).windowRows).toBe(0)
      expect(layoutOf({ m: 100, k: 100, n: 10 }).windowRows).toBe(0)
      expect(layoutOf({ m: 40, k: 10, n: 100, transB: true }).windowRows).toBe(0)
    })
    it('should give the same bytes whichever way the measured choice runs a product (whole, or cut while it times both)', () => {
      const [m, k, n] = [784, 100, 100]
      const a = Float32Array.from(pattern(k * m, 101))
      const b = Float32Array.from(pattern(k * n, 103))
      const one = new Float32Array(m * n)
      load(1).gemm!(a, b, one, { m, k, n, transA: true })
      const measured = load(2, false, 'measured')
      // the cold products, the 16 trials that alternate the two ways, and some after
      for (let i = 0; i < 24; i++) {
        const two = new Float32Array(m * n)
        measured.gemm!(a, b, two, { m, k, n, transA: true })
        expect(firstDifference(two, one)).toBe(-1)
      }
    })
    it('should give the same bytes on one and two threads, in each build and every layout', () => {
      const a = Float32Array.from(pattern(128 * 784, 101))
      const b = Float32Array.from(pattern(784 * 512, 103))
      const bias = Float32Array.from(pattern(512, 7))
      for (const relaxed of [false, true]) {
        for (const [transA, transB] of [[false, false], [true, false], [false, true]] as const) {
          const [one, two] = [new Float32Array(128 * 512), new Float32Array(128 * 512)]
          load(1, relaxed).gemm!(a, b, one, { m: 128, k: 784, n: 512, transA, transB, bias, relu: true })
          load(2, relaxed).gemm!(a, b, two, { m: 128, k: 784, n: 512, transA, transB, bias, relu: true })
          expect(two).toEqual(one)
        }
      }
    })
  })
})
