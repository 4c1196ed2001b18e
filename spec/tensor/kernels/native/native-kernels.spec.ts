import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/native/native-kernels.js'
import type { NativeKernels } from '../../../../src/tensor/kernels/native/native-kernels.js'
import { convOutput, referenceCol2im, referenceIm2col } from '../../../../src/tensor/kernels/native/im2col-reference.js'
import type { ConvGeometry } from '../../../../src/tensor/kernels/native/im2col-reference.js'
import { referenceGemm } from '../../../../src/tensor/kernels/reference.js'
import { gemmCase, seed } from '../../../support/gen.js'

// The native kernels exist where the install script built them. In CI (this machine kind has a
// compiler) they must; elsewhere the specs say they are skipped and why.
const loaded = _.loadNativeKernels()
if (E.isLeft(loaded)) {
  if (process.env['CI'] === 'true') throw new Error(`CI: native kernels must build and load here: ${loaded.left}`)
  process.stderr.write(`native kernel specs skipped: ${loaded.left}\n`)
}
const available = E.isRight(loaded)

// Every path this CPU has, on one and two threads.
const paths = (['avx512', 'avx2', 'generic'] as const).filter((isa) => available && E.isRight(_.loadNativeKernels({ isa })))
const kernels = (isa: (typeof paths)[number], threads: 1 | 2): NativeKernels => {
  const k = _.loadNativeKernels({ isa, threads })
  if (E.isLeft(k)) throw new Error(k.left)
  return k.right
}
const layouts = [[false, false], [true, false], [false, true], [true, true]] as const

// Against the float64 reference on the same (rounded) inputs: float32 error grows like √k × term size.
const check = (k32: NativeKernels, f64: boolean, m: number, k: number, n: number, a: ArrayLike<number>, b: ArrayLike<number>, ta: boolean, tb: boolean): void => {
  const make = (x: ArrayLike<number>): Float32Array | Float64Array => (f64 ? Float64Array.from(x) : Float32Array.from(x))
  const got = f64 ? new Float64Array(m * n) : new Float32Array(m * n)
  k32.gemm(make(a), make(b), got, m, k, n, ta, tb)
  const want = new Float64Array(m * n)
  referenceGemm(Float64Array.from(make(a)), Float64Array.from(make(b)), want, m, k, n, ta, tb)
  let worst = 0
  for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!))
  expect(worst).toBeLessThan((f64 ? 1e-15 : 16 * 2e-7) * Math.max(1, k))
}

const pattern = (len: number, mod: number): Array<number> => Array.from({ length: len }, (_, i) => ((i * 7919) % mod) / mod - 0.5)

describe.runIf(available)('native kernels', () => {
  it('should name the path and the threads', () => {
    expect(kernels(paths[0]!, 1).name).toBe(`native-${paths[0]}`)
    expect(kernels(paths[0]!, 2).name).toBe(`native-${paths[0]}×2`)
  })
  it('should refuse a path this CPU lacks only with a reason (never crash)', () => {
    for (const isa of ['avx512', 'avx2', 'generic'] as const) {
      const k = _.loadNativeKernels({ isa })
      expect(E.isRight(k) ? k.right.isa : k.left).toMatch(E.isRight(k) ? isa : /has no/)
    }
    _.loadNativeKernels()
  })
  for (const isa of paths) {
    for (const threads of [1, 2] as const) {
      for (const [ta, tb] of layouts) {
        test.prop([gemmCase(40)], { seed, numRuns: 25 })(`${isa}×${threads} float32 should agree with the reference (transA ${ta}, transB ${tb})`, (c) =>
          check(kernels(isa, threads), false, c.m, c.k, c.n, c.a, c.b, ta, tb)
        )
      }
    }
  }
  it('every path on one and two threads should handle 1×1, tall, wide, ragged, long-k and split sizes in every layout, float32 and float64', () => {
    const all = paths.flatMap((isa) => [kernels(isa, 1), kernels(isa, 2)])
    for (const [m, k, n] of [[1, 1, 1], [1, 600, 1], [600, 1, 3], [3, 1, 600], [257, 3, 5], [5, 1100, 9], [130, 70, 150], [133, 1030, 17], [100, 784, 100], [784, 100, 100]]) {
      for (const [ta, tb] of layouts)
        for (const f64 of [false, true]) {
          const make = (x: ArrayLike<number>): Float32Array | Float64Array => (f64 ? Float64Array.from(x) : Float32Array.from(x))
          const a = make(pattern(m! * k!, 97))
          const b = make(pattern(k! * n!, 89))
          const want = new Float64Array(m! * n!)
          referenceGemm(Float64Array.from(a), Float64Array.from(b), want, m!, k!, n!, ta, tb)
          for (const kernel of all) {
            const got = f64 ? new Float64Array(m! * n!) : new Float32Array(m! * n!)
            kernel.gemm(a, b, got, m!, k!, n!, ta, tb)
            let worst = 0
            for (let i = 0; i < m! * n!; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!))
            expect(worst, `${kernel.name} ${f64 ? 'float64' : 'float32'} [${m}×${k}×${n}] ${ta} ${tb}`).toBeLessThan((f64 ? 1e-15 : 16 * 2e-7) * Math.max(1, k!))
          }
        }
    }
  })
  it('should give the same bytes on one and two threads (each entry is summed in one order)', () => {
    const [m, k, n] = [100, 784, 100]
    const a = Float32Array.from(pattern(m * k, 101))
    const b = Float32Array.from(pattern(k * n, 103))
    for (const [ta, tb] of layouts) {
      const one = new Float32Array(m * n)
      const two = new Float32Array(m * n)
      kernels(paths[0]!, 1).gemm(a, b, one, m, k, n, ta, tb)
      kernels(paths[0]!, 2).gemm(a, b, two, m, k, n, ta, tb)
      expect(two).toEqual(one)
    }
  })
  it('should leave its inputs unchanged, overwrite all of out, and accept a zero k', () => {
    const a = Float32Array.from(pattern(12, 7))
    const b = Float32Array.from(pattern(12, 5))
    const [a0, b0] = [a.slice(), b.slice()]
    const out = new Float32Array(9).fill(Number.NaN)
    kernels(paths[0]!, 1).gemm(a, b, out, 3, 4, 3, false, false)
    expect([a, b]).toEqual([a0, b0])
    expect(out.every(Number.isFinite)).toBe(true)
    const empty = new Float32Array(6).fill(7)
    kernels(paths[0]!, 1).gemm(new Float32Array(0), new Float32Array(0), empty, 2, 0, 3, false, false)
    expect(Array.from(empty)).toEqual([0, 0, 0, 0, 0, 0])
  })

  const geometry = fc
    .record({ n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }) })
    .chain((s) =>
      fc
        .record({ padH: fc.integer({ min: 0, max: 2 }), padW: fc.integer({ min: 0, max: 2 }), strideH: fc.integer({ min: 1, max: 3 }), strideW: fc.integer({ min: 1, max: 3 }) })
        .chain((p) =>
          fc.record({ kh: fc.integer({ min: 1, max: s.h + 2 * p.padH }), kw: fc.integer({ min: 1, max: s.w + 2 * p.padW }) }).map((k): ConvGeometry => ({ ...s, ...p, ...k }))
        )
    )
  const cols = (g: ConvGeometry): number => {
    const [oh, ow] = convOutput(g)
    return g.n * g.c * g.kh * g.kw * oh * ow
  }
  test.prop([geometry], { seed, numRuns: 100 })('im2col should equal the reference loops exactly', (g) => {
    const img = Float32Array.from(pattern(g.n * g.c * g.h * g.w, 31))
    const got = new Float32Array(cols(g)).fill(Number.NaN)
    const want = new Float32Array(cols(g))
    kernels(paths[0]!, 1).im2col(g, img, got)
    referenceIm2col(g, img, want)
    expect(got).toEqual(want)
  })
  test.prop([geometry], { seed, numRuns: 100 })('col2im should equal the reference loops and be im2col’s adjoint (⟨im2col x, y⟩ = ⟨x, col2im y⟩)', (g) => {
    const x = Float64Array.from(pattern(g.n * g.c * g.h * g.w, 37))
    const y = Float64Array.from(pattern(cols(g), 41))
    const back = new Float64Array(x.length).fill(Number.NaN)
    const want = new Float64Array(x.length)
    kernels(paths[0]!, 1).col2im(g, y, back)
    referenceCol2im(g, y, want)
    expect(back.reduce((worst, v, i) => Math.max(worst, Math.abs(v - want[i]!)), 0)).toBeLessThan(1e-12)
    const ix = new Float64Array(y.length)
    kernels(paths[0]!, 1).im2col(g, x, ix)
    const dot = (u: Float64Array, v: Float64Array): number => u.reduce((s, ui, i) => s + ui * v[i]!, 0)
    expect(dot(ix, y)).toBeCloseTo(dot(x, back), 10)
  })
})
