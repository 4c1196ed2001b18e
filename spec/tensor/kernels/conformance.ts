/**
 * The conformance suite every backend's spec runs: each operation the backend fills is held to
 * the reference loops (property specs, float32 and float64), and it must never write its inputs.
 * A new backend's spec is `conformance(myTable)` plus whatever is special about it.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { reference } from '../../../src/tensor/kernels/reference/index.js'
import type { Backend, FloatArray, GemmSpec, Window } from '../../../src/tensor/kernels/kernels.js'
import { windowOf } from '../../../src/tensor/window.js'
import { floats, gemmCase, seed } from '../../support/gen.js'

const layouts = [[false, false], [true, false], [false, true]] as const
const f32 = (xs: ArrayLike<number>): Float32Array => Float32Array.from(xs)
const f64 = (xs: ArrayLike<number>): Float64Array => Float64Array.from(Float32Array.from(xs))

const worst = (x: FloatArray, y: FloatArray): number => {
  let w = 0
  for (let i = 0; i < x.length; i++) w = Math.max(w, Math.abs(x[i]! - y[i]!))
  return x.length === y.length ? w : Infinity
}

/** op(A)·op(B) by the backend in float32 against the reference in float64: rounding grows like k times the term size (≤ 16). */
export const checkGemm = (gemm: NonNullable<Backend['gemm']>, spec: GemmSpec, a: ArrayLike<number>, b: ArrayLike<number>): void => {
  // out may hold old values (a recycled array): the kernel must write every element and read none.
  const got = new Float32Array(spec.m * spec.n).fill(Number.NaN)
  const bias = spec.bias === undefined ? {} : { bias: f32(spec.bias) }
  gemm(f32(a), f32(b), got, { ...spec, ...bias })
  const want = new Float64Array(spec.m * spec.n)
  reference.gemm(f64(a), f64(b), want, { ...spec, ...(spec.bias === undefined ? {} : { bias: f64(spec.bias) }) })
  expect(worst(got, want)).toBeLessThan(16 * 2e-7 * Math.max(1, spec.k) + 1e-6)
}

const pattern = (len: number, mod: number): Array<number> => Array.from({ length: len }, (_, i) => ((i * 7919) % mod) / mod - 0.5)

const windowCase = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    channels: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    ph: fc.integer({ min: 0, max: 2 }),
    pw: fc.integer({ min: 0, max: 2 })
  })
  .filter((c) => c.height + 2 * c.ph >= c.kh && c.width + 2 * c.pw >= c.kw)
  .map((c): Window => windowOf([c.batch, c.channels, c.height, c.width], { kernel: [c.kh, c.kw], stride: [c.sh, c.sw], padding: [c.ph, c.pw] }))
  .chain((w) => fc.record({ w: fc.constant(w), x: floats(w.batch * w.channels * w.height * w.width), cols: floats(w.batch * w.outH * w.outW * w.channels * w.kernelH * w.kernelW) }))

const pointwise = fc.integer({ min: 0, max: 300 }).chain((n) => fc.tuple(floats(n), floats(n)))

/** Run the suite for every operation `backend` fills. */
export const conformance = (backend: Backend): void => {
  describe(`${backend.name} conforms to the reference`, () => {
    const { gemm, im2col, col2im, addRow, relu, reluGrad, axpy, sumRows, nonFiniteIndex } = backend
    if (gemm !== undefined) {
      for (const [transA, transB] of layouts) {
        test.prop([gemmCase(40)], { seed, numRuns: 50 })(`gemm (transA ${transA}, transB ${transB})`, (c) =>
          checkGemm(gemm, { m: c.m, k: c.k, n: c.n, transA, transB }, c.a, c.b)
        )
      }
      test.prop([gemmCase(24), fc.boolean(), fc.constantFrom(...layouts)], { seed, numRuns: 40 })('gemm with a bias and ReLU epilogue', (c, withRelu, [transA, transB]) =>
        checkGemm(gemm, { m: c.m, k: c.k, n: c.n, transA, transB, bias: f32(pattern(c.n, 13)), relu: withRelu }, c.a, c.b)
      )
      it('gemm at 1×1, tall, wide, ragged, long-k and two-thread sizes in every layout', () => {
        for (const [m, k, n] of [[1, 1, 1], [1, 600, 1], [600, 1, 3], [3, 1, 600], [257, 3, 5], [5, 1100, 9], [130, 70, 150], [133, 1030, 17], [100, 784, 100], [784, 100, 100]]) {
          for (const [transA, transB] of layouts) checkGemm(gemm, { m: m!, k: k!, n: n!, transA, transB }, pattern(m! * k!, 97), pattern(k! * n!, 89))
        }
      })
      it('gemm leaves its inputs unchanged', () => {
        const [a, b, bias] = [f32(pattern(300, 7)), f32(pattern(300, 5)), f32(pattern(10, 3))]
        const [a0, b0, bias0] = [a.slice(), b.slice(), bias.slice()]
        for (const [transA, transB] of layouts) gemm(a, b, new Float32Array(900), { m: 30, k: 10, n: 30, transA, transB, bias: f32(pattern(30, 3)), relu: true })
        gemm(a, b, new Float32Array(100), { m: 10, k: 30, n: 10, bias })
        expect([a, b, bias]).toEqual([a0, b0, bias0])
      })
      it('gemm in float64 agrees with the reference to float64 rounding', () => {
        const [a, b] = [Float64Array.from(pattern(37 * 41, 11)), Float64Array.from(pattern(41 * 29, 13))]
        const [got, want] = [new Float64Array(37 * 29), new Float64Array(37 * 29)]
        gemm(a, b, got, { m: 37, k: 41, n: 29 })
        reference.gemm(a, b, want, { m: 37, k: 41, n: 29 })
        expect(worst(got, want)).toBeLessThan(1e-13)
      })
    }
    if (im2col !== undefined) {
      test.prop([windowCase], { seed, numRuns: 60 })('im2col', ({ w, x }) => {
        const size = w.batch * w.outH * w.outW * w.channels * w.kernelH * w.kernelW
        const [got, want] = [new Float32Array(size), new Float32Array(size)]
        im2col(f32(x), got, w)
        reference.im2col(f32(x), want, w)
        expect(got).toEqual(want)
      })
    }
    if (col2im !== undefined) {
      test.prop([windowCase], { seed, numRuns: 60 })('col2im', ({ w, cols }) => {
        const size = w.batch * w.channels * w.height * w.width
        const [got, want] = [new Float64Array(size), new Float64Array(size)]
        col2im(f64(cols), got, w)
        reference.col2im(f64(cols), want, w)
        expect(worst(got, want)).toBeLessThan(1e-12)
      })
    }
    if (addRow !== undefined) {
      test.prop([fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })], { seed, numRuns: 30 })('addRow', (rows, cols) => {
        const [x, r] = [f32(pattern(rows * cols, 17)), f32(pattern(cols, 5))]
        const [got, want] = [new Float32Array(rows * cols).fill(Number.NaN), new Float32Array(rows * cols)]
        addRow(x, r, got, rows, cols)
        reference.addRow(x, r, want, rows, cols)
        expect(got).toEqual(want)
      })
    }
    if (sumRows !== undefined) {
      test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })], { seed, numRuns: 30 })('sumRows', (rows, cols) => {
        const x = f64(pattern(rows * cols, 23))
        const [got, want] = [new Float64Array(cols), new Float64Array(cols)]
        sumRows(x, got, rows, cols)
        reference.sumRows(x, want, rows, cols)
        expect(worst(got, want)).toBeLessThan(1e-12)
      })
    }
    const exact = (label: string, run: (x: Float32Array, y: Float32Array, out: Float32Array, ref: boolean) => void): void => {
      test.prop([pointwise], { seed, numRuns: 30 })(label, ([xs, ys]) => {
        const [got, want] = [new Float32Array(xs.length).fill(Number.NaN), new Float32Array(xs.length)]
        run(f32(xs), f32(ys), got, false)
        run(f32(xs), f32(ys), want, true)
        expect(got).toEqual(want)
      })
    }
    if (relu !== undefined) exact('relu', (x, _y, out, ref) => (ref ? reference.relu : relu)(x, out))
    if (reluGrad !== undefined) exact('reluGrad', (x, y, out, ref) => (ref ? reference.reluGrad : reluGrad)(x, y, out))
    if (axpy !== undefined) exact('axpy', (x, y, out, ref) => (ref ? reference.axpy : axpy)(-0.1, x, y, out))
    if (nonFiniteIndex !== undefined) {
      const bad = fc.constantFrom(Number.NaN, Infinity, -Infinity)
      test.prop([pointwise, fc.nat(), bad, fc.boolean(), fc.constantFrom('float32', 'float64')], { seed, numRuns: 60 })('nonFiniteIndex', ([xs], at, v, plant, dtype) => {
        const x = dtype === 'float32' ? f32(xs) : f64(xs)
        if (plant && x.length > 0) x[at % x.length] = v
        expect(nonFiniteIndex(x)).toBe(reference.nonFiniteIndex(x))
      })
    }
  })
}
