/**
 * The conformance suite every backend's spec runs: each operation the backend fills is held to
 * the reference loops (property specs, float32 and float64), and it must never write its inputs.
 * A new backend's spec is `conformance(myTable)` plus whatever is special about it.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { reference } from '../../../src/tensor/kernels/reference/index.js'
import type { Backend, ConvSpec, FloatArray, GemmSpec, Window } from '../../../src/tensor/kernels/kernels.js'
import { loweredConv } from '../../../src/tensor/kernels/lowered-conv.js'
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

// The first element of `a` that is not `b`'s (−1: none): Object.is tells −0 from +0 and NaN from NaN.
// (toEqual on arrays of 100,000 elements takes seconds.)
export const firstDifference = (a: FloatArray, b: FloatArray): number => a.findIndex((v, i) => !Object.is(v, b[i]))

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

/**
 * The convolution layer by the backend (its own, or lowered onto its GEMM) in float32 against the
 * reference loops in float64, forward and backward: sums of K or batch·P terms of size ≤ 1.
 */
export const checkConv = (conv: Pick<Required<Backend>, 'conv2dForward' | 'conv2dBackward'>, s: ConvSpec, withDx: boolean): void => {
  const K = s.channels * s.kernelH * s.kernelW
  const [nx, nw, ny] = [s.batch * s.channels * s.height * s.width, s.filters * K, s.batch * s.filters * s.outH * s.outW]
  const [x, w, b, dy] = [pattern(nx, 97), pattern(nw, 89), pattern(s.filters, 13), pattern(ny, 83)]
  // NaN in every output: the kernel must write each element (its outputs may be recycled arrays)
  const got = { y: new Float32Array(ny).fill(Number.NaN), dw: new Float32Array(nw).fill(Number.NaN), db: new Float32Array(s.filters).fill(Number.NaN), dx: new Float32Array(nx).fill(Number.NaN) }
  const want = { y: new Float64Array(ny), dw: new Float64Array(nw), db: new Float64Array(s.filters), dx: new Float64Array(nx) }
  const inputs = [f32(x), f32(w), f32(b), f32(dy)] as const
  const copies = inputs.map((a) => a.slice())
  conv.conv2dForward(inputs[0], inputs[1], inputs[2], got.y, s)
  conv.conv2dBackward(inputs[0], inputs[1], inputs[3], got.dw, got.db, withDx ? got.dx : undefined, s)
  reference.conv2dForward(f64(x), f64(w), f64(b), want.y, s)
  reference.conv2dBackward(f64(x), f64(w), f64(dy), want.dw, want.db, want.dx, s)
  const terms = Math.max(K, s.batch * s.outH * s.outW, s.filters * s.kernelH * s.kernelW)
  const errors = (['y', 'dw', 'db', ...(withDx ? ['dx' as const] : [])] as const).map((key) => [key, worst(got[key], want[key]) <= 4e-7 * terms + 1e-6])
  expect(errors).toEqual(errors.map(([key]) => [key, true]))
  expect(inputs).toEqual(copies)
}

const convCase = windowCase.chain(({ w }) => fc.record({ s: fc.constant(w), filters: fc.integer({ min: 1, max: 5 }), withDx: fc.boolean() }))

const pointwise = fc.integer({ min: 0, max: 300 }).chain((n) => fc.tuple(floats(n), floats(n)))

/** Run the suite for every operation `backend` fills. */
export const conformance = (backend: Backend): void => {
  describe(`${backend.name} conforms to the reference`, () => {
    const { gemm, im2col, col2im, addRow, relu, reluGrad, axpy, sumRows, nonFiniteIndex, softmaxRows, crossEntropyRows, gatherRows, startGatherRows } = backend
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
      // 300 = more than one block of k for float64 (its tile's edge is summed into C, not stored);
      // n = 3, 11 and 29 end inside a vector at every width of one.
      it.each([[37, 41, 29], [13, 300, 11], [7, 300, 3]])('gemm in float64 agrees with the reference to float64 rounding at m = %i, k = %i, n = %i', (m, k, n) => {
        for (const [transA, transB] of layouts) {
          const [a, b] = [Float64Array.from(pattern(m * k, 11)), Float64Array.from(pattern(k * n, 13))]
          const [got, want] = [new Float64Array(m * n), new Float64Array(m * n)]
          gemm(a, b, got, { m, k, n, transA, transB })
          reference.gemm(a, b, want, { m, k, n, transA, transB })
          expect(worst(got, want)).toBeLessThan(1e-13 * Math.sqrt(k / 41))
        }
      })
    }
    const conv =
      backend.conv2dForward !== undefined && backend.conv2dBackward !== undefined
        ? { conv2dForward: backend.conv2dForward, conv2dBackward: backend.conv2dBackward }
        : gemm !== undefined
          ? loweredConv(gemm)
          : undefined
    if (conv !== undefined) {
      const how = backend.conv2dForward !== undefined ? 'its own' : 'lowered onto its gemm'
      test.prop([convCase], { seed, numRuns: 60 })(`conv2dForward and conv2dBackward (${how}) on random windows`, ({ s, filters, withDx }) =>
        checkConv(conv, { ...s, filters }, withDx)
      )
      it(`conv2d (${how}) at the MNIST CNN's shapes, batch 1 and 20, channels 3 and 17, stride 2, 1×1`, () => {
        const at = (batch: number, c: number, h: number, k: number, stride: number, pad: number, filters: number): ConvSpec => ({
          ...windowOf([batch, c, h, h], { kernel: [k, k], stride: [stride, stride], padding: [pad, pad] }),
          filters
        })
        for (const s of [at(2, 1, 28, 3, 1, 1, 16), at(20, 16, 14, 3, 1, 1, 32), at(1, 17, 9, 3, 2, 1, 5), at(20, 3, 8, 1, 1, 0, 7), at(3, 17, 7, 5, 2, 2, 18)]) checkConv(conv, s, true)
      })
    }
    const { maxPoolForward, maxPoolBackward } = backend
    const poolCase = windowCase.filter(({ w }) => w.padH === 0 && w.padW === 0)
    if (maxPoolForward !== undefined) {
      test.prop([poolCase], { seed, numRuns: 60 })('maxPoolForward (values and winners)', ({ w, x }) => {
        const n = w.batch * w.channels * w.outH * w.outW
        const got = { y: new Float32Array(n).fill(Number.NaN), at: new Uint8Array(n).fill(255) }
        const want = { y: new Float32Array(n), at: new Uint8Array(n) }
        const input = f32(x)
        maxPoolForward(input, got.y, got.at, w)
        reference.maxPoolForward(input, want.y, want.at, w)
        expect(got).toEqual(want)
        expect(input).toEqual(f32(x))
      })
    }
    if (maxPoolBackward !== undefined) {
      test.prop([poolCase], { seed, numRuns: 60 })('maxPoolBackward', ({ w, x }) => {
        const n = w.batch * w.channels * w.outH * w.outW
        const [y, at] = [new Float32Array(n), new Uint8Array(n)]
        reference.maxPoolForward(f32(x), y, at, w)
        const [got, want] = [new Float32Array(x.length).fill(Number.NaN), new Float32Array(x.length).fill(Number.NaN)]
        maxPoolBackward(y, at, got, w)
        reference.maxPoolBackward(y, at, want, w)
        expect(got).toEqual(want)
      })
    }
    if (maxPoolForward !== undefined && maxPoolBackward !== undefined) {
      it('max pooling 2×2, stride 2 (the fast path) on odd sizes, with ties, ±0 and NaN, as the reference to the bit', () => {
        const show = (a: ArrayLike<number>): Array<string> => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)))
        const pick = [-1, -0, 0, 0.5, 1, Number.NaN, -0.5, 1]
        for (const [h, wd] of [[7, 9], [8, 8], [2, 3], [5, 2], [28, 28], [13, 11], [10, 19]] as const) {
          const w = windowOf([2, 3, h, wd], { kernel: [2, 2], stride: [2, 2] })
          const x = Float32Array.from({ length: 2 * 3 * h * wd }, (_, i) => pick[(i * 5 + (i >> 3)) % pick.length]!)
          const n = w.batch * w.channels * w.outH * w.outW
          const got = { y: new Float32Array(n).fill(7), at: new Uint8Array(n).fill(255) }
          const want = { y: new Float32Array(n), at: new Uint8Array(n) }
          maxPoolForward(x, got.y, got.at, w)
          reference.maxPoolForward(x, want.y, want.at, w)
          expect([show(got.y), Array.from(got.at)]).toEqual([show(want.y), Array.from(want.at)])
          const dy = Float32Array.from({ length: n }, (_, i) => pick[(i * 3) % pick.length]!)
          const [dx, dxWant] = [new Float32Array(x.length).fill(7), new Float32Array(x.length).fill(7)]
          maxPoolBackward(dy, want.at, dx, w)
          reference.maxPoolBackward(dy, want.at, dxWant, w)
          expect(show(dx)).toEqual(show(dxWant))
        }
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
    // NaN, ±0, ±Inf, subnormals and values whose product with alpha overflows or underflows float32,
    // at every offset of a vector (lengths 0 … 41): the same values and signs as the reference.
    const special = [Number.NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3e38, -3e38, 1.5e-38, 1, -1, 0.1]
    const specialCase = fc.integer({ min: 0, max: 41 }).chain((n) => fc.tuple(fc.array(fc.constantFrom(...special), { minLength: n, maxLength: n }), fc.array(fc.constantFrom(...special), { minLength: n, maxLength: n })))
    const exactSpecial = (label: string, run: (x: Float32Array, y: Float32Array, out: Float32Array, ref: boolean) => void): void => {
      test.prop([specialCase], { seed, numRuns: 40 })(`${label} on NaN, ±0, ±Inf and the edges of float32`, ([xs, ys]) => {
        const [got, want] = [new Float32Array(xs.length).fill(7), new Float32Array(xs.length)]
        run(f32(xs), f32(ys), got, false)
        run(f32(xs), f32(ys), want, true)
        expect(got).toEqual(want)
      })
    }
    if (relu !== undefined) exactSpecial('relu', (x, _y, out, ref) => (ref ? reference.relu : relu)(x, out))
    if (reluGrad !== undefined) exactSpecial('reluGrad', (x, y, out, ref) => (ref ? reference.reluGrad : reluGrad)(x, y, out))
    if (axpy !== undefined) {
      exactSpecial('axpy', (x, y, out, ref) => (ref ? reference.axpy : axpy)(-0.1, x, y, out))
      // alpha is a float64: its product is rounded once, not after rounding alpha to float32
      exactSpecial('axpy with alpha 1e-40 and 3e38', (x, y, out, ref) => {
        const f = ref ? reference.axpy : axpy
        const half = out.length >> 1
        f(1e-40, x.subarray(0, half), y.subarray(0, half), out.subarray(0, half))
        f(3e38, x.subarray(half), y.subarray(half), out.subarray(half))
      })
    }
    if (sumRows !== undefined) {
      test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.boolean()], { seed, numRuns: 30 })('sumRows in float32, onto what out holds: the reference’s bytes', (rows, cols, start) => {
        const x = f32(pattern(rows * cols, 23).map((v, i) => v * (1 + (i % 7) * 1e3)))
        const [got, want] = [f32(pattern(cols, 5)), f32(pattern(cols, 5))]
        if (!start) [got, want].forEach((o) => o.fill(0))
        sumRows(x, got, rows, cols)
        reference.sumRows(x, want, rows, cols)
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
      it('nonFiniteIndex finds the first of two at vector and block edges, in long arrays', () => {
        // Lengths and places around 16/64 values (a vector, four) and 1,024 (a native block).
        for (const n of [15, 16, 17, 63, 64, 65, 1023, 1024, 1025, 2049, 78400]) {
          for (const dtype of ['float32', 'float64'] as const) {
            const x = dtype === 'float32' ? f32(pattern(n, 11)) : f64(pattern(n, 11))
            expect(nonFiniteIndex(x)).toBe(-1)
            for (const at of [0, 15, 16, 63, 64, 1023, 1024, n - 1].filter((i) => i < n)) {
              const y = x.slice()
              y[at] = Infinity
              if (at + 1 < n) y[n - 1] = Number.NaN
              expect(nonFiniteIndex(y)).toBe(at)
            }
          }
        }
      })
    }
    // Softmax and cross-entropy: within 4 ulps of the reference's (a native backend's exp and log
    // are the C library's, whose doubles may differ from V8's in the last bit), writing every
    // element, with logits up to ±60, an occasional NaN or −∞, class indices (some matching no
    // column) and probability rows.
    const ulpsOff = (got: Float32Array | Float64Array, want: Float32Array | Float64Array, eps: number): number =>
      Array.from(got).reduce((m, v, i) => (Object.is(v, want[i]) ? m : Math.max(m, Math.abs(v - want[i]!) / (eps * Math.max(1, Math.abs(want[i]!))))), 0)
    const logitsCase = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), fc.nat(), fc.constantFrom('float32', 'float64'), fc.constantFrom(0, 0, Number.NaN, -Infinity))
    const logitsOf = (rows: number, cols: number, salt: number, dtype: string, odd: number): Float32Array | Float64Array => {
      const xs = pattern(rows * cols, 37 + (salt % 13)).map((v) => 60 * v)
      const x = dtype === 'float32' ? f32(xs) : f64(xs)
      if (odd !== 0 && x.length > 1) x[salt % x.length] = odd
      return x
    }
    if (softmaxRows !== undefined) {
      test.prop([logitsCase, fc.boolean()], { seed, numRuns: 60 })('softmaxRows', ([rows, cols, salt, dtype, odd], log) => {
        const x = logitsOf(rows, cols, salt, dtype, odd)
        const fresh = (): Float32Array | Float64Array => (dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols))
        const [got, want] = [fresh().fill(Number.NaN), fresh()]
        softmaxRows(x, got, rows, cols, log)
        reference.softmaxRows(x, want, rows, cols, log)
        expect(ulpsOff(got, want, dtype === 'float32' ? 2 ** -23 : 2 ** -52)).toBeLessThanOrEqual(4)
      })
    }
    if (crossEntropyRows !== undefined) {
      test.prop([logitsCase, fc.boolean()], { seed, numRuns: 60 })('crossEntropyRows', ([rows, cols, salt, dtype], byClass) => {
        const fresh = (): Float32Array | Float64Array => (dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols))
        const logY = fresh()
        reference.softmaxRows(logitsOf(rows, cols, salt, dtype, 0), logY, rows, cols, true)
        const classes = byClass ? Int32Array.from({ length: rows }, (_, b) => ((b + salt) % (cols + 1)) - (b % 4 === 3 ? cols + 1 : 0)) : undefined
        const targets = byClass ? undefined : fresh().map((_, i) => ((i * 7 + salt) % 5) / (5 * cols))
        const [got, want] = [fresh().fill(Number.NaN), fresh()]
        const value = crossEntropyRows(logY, classes, targets, got, rows, cols)
        const wanted = reference.crossEntropyRows(logY, classes, targets, want, rows, cols)
        const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52
        expect(ulpsOff(got, want, eps)).toBeLessThanOrEqual(4)
        expect(Math.abs(value - wanted)).toBeLessThanOrEqual(4 * 2 ** -52 * Math.max(1, Math.abs(wanted)))
      })
      // One row against the target row [1, 0, 0, …] makes ∂L/∂logits[j] = e^logY[j] exactly for
      // j ≥ 1 (mass 1, minus 0, over 1 row): the backend's exponential itself, over the whole range
      // of doubles — overflow, the subnormals, underflow to 0 — and at NaN and ±∞, held to 2 ulps
      // of Math.exp (and to the smallest subnormal where the result is one).
      it('crossEntropyRows takes e^x within 2 ulps of Math.exp from −800 to 720, at NaN and ±∞', () => {
        const xs = [Number.NaN, Infinity, -Infinity, 0, -0, 709.78, 709.79, -708.4, -744.4, -745.1, -745.2, -746, 1e-300, -1e-17]
        for (let v = -800; v <= 720; v += 0.37) xs.push(v)
        const logY = Float64Array.from([0, ...xs])
        const targets = new Float64Array(logY.length)
        targets[0] = 1
        const got = new Float64Array(logY.length)
        crossEntropyRows(logY, undefined, targets, got, 1, logY.length)
        const bad = xs.flatMap((x, i) => {
          const [g, w] = [got[i + 1]!, Math.exp(x)]
          const ok = Object.is(g, w) || Math.abs(g - w) <= (Math.abs(w) < 2 ** -1022 ? 2 ** -1074 : 2 * 2 ** -52 * Math.abs(w))
          return ok ? [] : [`e^${x} = ${g}, Math.exp ${w}`]
        })
        expect(bad).toEqual([])
      })
    }
    if (gatherRows !== undefined) {
      // Up to 200 rows of up to 700: past the native two-thread cut (256 KB) in float32 and float64.
      const shapes = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 0, max: 200 }), fc.nat())
      test.prop([shapes, fc.constantFrom('float32', 'float64')], { seed, numRuns: 40 })('gatherRows', ([rows, width, batch, salt], dtype) => {
        const xs = pattern(rows * width, 31)
        const x = dtype === 'float32' ? f32(xs) : f64(xs)
        const indices = Int32Array.from({ length: batch }, (_, r) => (r * 7 + salt) % rows)
        const fresh = (): Float32Array | Float64Array => (dtype === 'float32' ? new Float32Array(batch * width) : new Float64Array(batch * width))
        const [got, want] = [fresh().fill(Number.NaN), fresh()]
        gatherRows(x, indices, got, width)
        reference.gatherRows(x, indices, want, width)
        expect(firstDifference(got, want)).toBe(-1)
        if (startGatherRows !== undefined) {
          const later = fresh().fill(Number.NaN)
          startGatherRows(x, indices, later, width)()
          expect(firstDifference(later, want)).toBe(-1)
        }
      })
      // From byte codes (x[i] = table[codes[i]]): a table of k / d (the native divided path, and its
      // reciprocal one where that was checked to give the same values; d from 1 to 255, or up to
      // 2²⁴), one of arbitrary values, and k / d with −0 first (not of that form bit for bit);
      // 1 to 256 values. The rows must be x's, bit for bit (−0 included).
      const divisors = fc.oneof(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 256, max: 16777216 }))
      const tables = fc.tuple(fc.constantFrom('divided', 'arbitrary', 'negative zero'), fc.integer({ min: 1, max: 256 }), divisors)
      test.prop([shapes, tables, fc.constantFrom('float32', 'float64')], { seed, numRuns: 60 })('gatherRows from byte codes', ([rows, width, batch, salt], [kind, length, d], dtype) => {
        const values = kind === 'arbitrary' ? pattern(length, 97) : Array.from({ length }, (_, k) => (k === 0 && kind === 'negative zero' ? -0 : k / d))
        const table = dtype === 'float32' ? f32(values) : Float64Array.from(values)
        const codes = Uint8Array.from({ length: rows * width }, (_, i) => (i * 31 + salt) % length)
        const x = dtype === 'float32' ? new Float32Array(rows * width) : new Float64Array(rows * width)
        for (let i = 0; i < x.length; i++) x[i] = table[codes[i]!]!
        const indices = Int32Array.from({ length: batch }, (_, r) => (r * 7 + salt) % rows)
        const fresh = (): Float32Array | Float64Array => (dtype === 'float32' ? new Float32Array(batch * width) : new Float64Array(batch * width))
        const want = fresh()
        reference.gatherRows(x, indices, want, width)
        const got = fresh().fill(Number.NaN)
        gatherRows(x, indices, got, width, { codes, table })
        expect(firstDifference(got, want)).toBe(-1)
        if (startGatherRows !== undefined) {
          const later = fresh().fill(Number.NaN)
          startGatherRows(x, indices, later, width, { codes, table })()
          expect(firstDifference(later, want)).toBe(-1)
        }
      })
    }
  })
}
