import { fc, test } from '@fast-check/vitest'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/native/index.js'
import type { Backend, FloatArray, GemmSpec } from '../../../../src/tensor/kernels/kernels.js'
import { reference } from '../../../../src/tensor/kernels/reference/index.js'
import { loadAddon } from '../../../../src/tensor/kernels/native/addon.js'
import { gemmCase, seed } from '../../../support/gen.js'
import { conformance, firstDifference } from '../conformance.js'

// The native kernels exist where the install script built them. In CI (this machine kind has a
// compiler) they must; elsewhere these specs say they are skipped and why.
const loaded = _.loadNativeKernels()
if (E.isLeft(loaded)) {
  if (process.env['CI'] === 'true') throw new Error(`CI: native kernels must build and load here: ${loaded.left}`)
  process.stderr.write(`native kernel specs skipped: ${loaded.left}\n`)
}

// Every instruction-set path this CPU has, on one and two threads.
const paths = (['avx512', 'avx2', 'generic'] as const).filter((isa) => E.isRight(_.loadNativeKernels({ isa })))
const load = (isa: _.NativeIsa, threads: 1 | 2): Backend => {
  const k = _.loadNativeKernels({ isa, threads, cutProducts: true })
  if (E.isLeft(k)) throw new Error(k.left)
  return k.right
}
for (const isa of paths) for (const threads of [1, 2] as const) conformance(load(isa, threads))

const layouts = [[false, false], [true, false], [false, true], [true, true]] as const
const pattern = (len: number, mod: number): Array<number> => Array.from({ length: len }, (_v, i) => ((i * 7919) % mod) / mod - 0.5)
const gemmOf = (b: Backend): NonNullable<Backend['gemm']> => b.gemm ?? reference.gemm

// Against the float64 reference on the same (rounded) inputs.
const worstAgainstReference = (got: FloatArray, a: FloatArray, b: FloatArray, spec: GemmSpec): number => {
  const want = new Float64Array(spec.m * spec.n)
  reference.gemm(Float64Array.from(a), Float64Array.from(b), want, { ...spec, ...(spec.bias === undefined ? {} : { bias: Float64Array.from(spec.bias) }) })
  let worst = 0
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!))
  return worst
}

describe.runIf(E.isRight(loaded))('native backend', () => {
  it('should name the path and the threads, and fill gemm, im2col and col2im', () => {
    const k = load(paths[0]!, 2)
    expect(k.name).toBe(`native-${paths[0]}×2`)
    expect([k.gemm, k.im2col, k.col2im].every((f) => typeof f === 'function')).toBe(true)
  })
  it('should refuse a path this CPU lacks with a reason, never a crash', () => {
    for (const isa of ['avx512', 'avx2', 'generic'] as const) {
      const k = _.loadNativeKernels({ isa })
      expect(E.isRight(k) ? k.right.name : k.left).toMatch(E.isRight(k) ? `native-${isa}` : /has no/)
    }
  })
  for (const isa of paths) {
    test.prop([gemmCase(40)], { seed, numRuns: 30 })(`${isa}: both operands transposed agrees with the reference too`, (c) => {
      const [a, b] = [Float32Array.from(c.a), Float32Array.from(c.b)]
      const got = new Float32Array(c.m * c.n)
      const spec = { m: c.m, k: c.k, n: c.n, transA: true, transB: true }
      gemmOf(load(isa, 1))(a, b, got, spec)
      expect(worstAgainstReference(got, a, b, spec)).toBeLessThan(16 * 2e-7 * Math.max(1, c.k) + 1e-6)
    })
  }
  it('every path, one and two threads: float64 at tile-, block- and split-crossing sizes, all layouts, with and without the epilogue', () => {
    const all = paths.flatMap((isa) => [load(isa, 1), load(isa, 2)])
    for (const [m, k, n] of [[1, 1, 1], [5, 1100, 9], [130, 70, 150], [133, 300, 17], [100, 784, 100]]) {
      const [a, b] = [Float64Array.from(pattern(m! * k!, 97)), Float64Array.from(pattern(k! * n!, 89))]
      for (const [transA, transB] of layouts)
        for (const epilogue of [{}, { bias: Float64Array.from(pattern(n!, 3)), relu: true }]) {
          const spec = { m: m!, k: k!, n: n!, transA, transB, ...epilogue }
          for (const kernel of all) {
            const got = new Float64Array(m! * n!)
            gemmOf(kernel)(a, b, got, spec)
            expect(worstAgainstReference(got, a, b, spec), `${kernel.name} ${JSON.stringify([m, k, n, transA, transB])}`).toBeLessThan(1e-15 * k! + 1e-15)
          }
        }
    }
  })
  it('should give the same bytes on one and two threads (each entry is summed in one order)', () => {
    const [m, k, n] = [100, 784, 100]
    const a = Float32Array.from(pattern(m * k, 101))
    const b = Float32Array.from(pattern(k * n, 103))
    for (const [transA, transB] of layouts) {
      const [one, two] = [new Float32Array(m * n), new Float32Array(m * n)]
      gemmOf(load(paths[0]!, 1))(a, b, one, { m, k, n, transA, transB })
      gemmOf(load(paths[0]!, 2))(a, b, two, { m, k, n, transA, transB })
      expect(two).toEqual(one)
    }
  })
  it('should give those bytes too where two threads choose per shape, trying both ways (its products 3–18 and every 64th)', () => {
    const [m, k, n] = [96, 300, 80]
    const a = Float32Array.from(pattern(m * k, 107))
    const b = Float32Array.from(pattern(k * n, 109))
    const adaptive = _.loadNativeKernels({ threads: 2 })
    expect(E.isRight(adaptive)).toBe(true)
    if (E.isLeft(adaptive)) return
    for (const [transA, transB] of layouts) {
      const one = new Float32Array(m * n)
      gemmOf(load(paths[0]!, 1))(a, b, one, { m, k, n, transA, transB })
      for (let call = 0; call < 70; call++) {
        const two = new Float32Array(m * n).fill(Number.NaN)
        gemmOf(adaptive.right)(a, b, two, { m, k, n, transA, transB })
        expect(two).toEqual(one)
      }
    }
  })
  it('should overwrite all of out, and give zeros (then the epilogue) for k = 0', () => {
    const out = new Float32Array(9).fill(Number.NaN)
    gemmOf(load(paths[0]!, 1))(Float32Array.from(pattern(12, 7)), Float32Array.from(pattern(12, 5)), out, { m: 3, k: 4, n: 3 })
    expect(out.every(Number.isFinite)).toBe(true)
    const empty = new Float32Array(6).fill(7)
    gemmOf(load(paths[0]!, 1))(new Float32Array(0), new Float32Array(0), empty, { m: 2, k: 0, n: 3, bias: new Float32Array([1, -1, 2]), relu: true })
    expect(Array.from(empty)).toEqual([1, 0, 2, 1, 0, 2])
  })
  it('should reject arrays shorter than the shape with a TypeError, not read past them', () => {
    expect(() => gemmOf(load(paths[0]!, 1))(new Float32Array(3), new Float32Array(4), new Float32Array(4), { m: 2, k: 2, n: 2 })).toThrow(TypeError)
  })
  it('one thread: startGatherRows should ask for the rows and leave out alone until the finish, which gathers them (plain and from codes)', () => {
    const [rows, width] = [50, 33]
    const codes = Uint8Array.from({ length: rows * width }, (_v, i) => (i * 13) % 256)
    const table = Float32Array.from({ length: 256 }, (_v, k) => k / 255)
    const x = Float32Array.from(codes, (c) => table[c]!)
    const indices = Int32Array.from([49, 0, 7, 7, 23])
    const want = new Float32Array(indices.length * width)
    reference.gatherRows(x, indices, want, width)
    const k = load(paths[0]!, 1)
    for (const given of [undefined, { codes, table }]) {
      const out = new Float32Array(want.length).fill(Number.NaN)
      const finish = k.startGatherRows?.(x, indices, out, width, given)
      expect(out.every(Number.isNaN)).toBe(true)
      finish?.()
      expect(Array.from(out)).toEqual(Array.from(want))
    }
  })
  it('should decode every code of a table k / d as the table holds it, by whichever path it takes (division or reciprocal), and a code past a short table as 0', () => {
    const addon = loadAddon()
    const gather = E.isRight(addon) ? addon.right.gatherRows : undefined
    expect(gather).toBeDefined()
    const codes = Uint8Array.from({ length: 256 * 3 }, (_v, i) => i % 256) // rows of 256: every code, with a tail of the vector width too
    const indices = Int32Array.from([2, 0, 1])
    for (const d of [1, 3, 10, 255, 256, 1000, 65535, 16777215, 16777216]) {
      for (const length of [256, 100]) {
        for (const make of [(n: number) => new Float32Array(n), (n: number) => new Float64Array(n)]) {
          const table = make(length).map((_v, k) => k / d)
          const out = make(codes.length).fill(Number.NaN)
          gather?.(make(codes.length), indices, out, 256, 1, codes, table)
          const want = make(codes.length).map((_v, i) => (codes[i]! < length ? table[codes[i]!]! : 0))
          expect([d, length, firstDifference(out, want)]).toEqual([d, length, -1])
        }
      }
    }
  })
  it('prefetchRows should check its arguments as the gather does: a TypeError naming the problem, nothing read outside x', () => {
    const addon = loadAddon()
    const prefetch = E.isRight(addon) ? addon.right.prefetchRows : undefined
    expect(prefetch).toBeDefined()
    const x = new Float32Array(12)
    expect(prefetch?.(x, Int32Array.from([0, 2]), 4)).toBeUndefined()
    expect(() => prefetch?.(x, Int32Array.from([3]), 4)).toThrow(/prefetchRows: an index outside x/)
    expect(() => prefetch?.(x, Int32Array.from([-1]), 4)).toThrow(/an index outside x/)
    expect(() => prefetch?.(x, new Float32Array([0]) as unknown as Int32Array, 4)).toThrow(/indices an Int32Array/)
    expect(() => prefetch?.(x, Int32Array.from([0]), 4, new Uint8Array(11))).toThrow(/codes a Uint8Array as long as x/)
  })
  it('im2col and col2im should be adjoint: ⟨im2col x, y⟩ = ⟨x, col2im y⟩', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1 }), (size, stride, pad) => {
        const k = load(paths[0]!, 1)
        const w = { batch: 2, channels: 2, height: size + 2, width: size + 1, kernelH: 3, kernelW: 2, strideH: stride, strideW: 1, padH: pad, padW: pad, outH: 0, outW: 0 }
        const win = { ...w, outH: Math.floor((w.height + 2 * pad - 3) / stride) + 1, outW: w.width + 2 * pad - 1 }
        const x = Float64Array.from(pattern(2 * 2 * win.height * win.width, 37))
        const y = Float64Array.from(pattern(2 * win.outH * win.outW * 2 * 3 * 2, 41))
        const [ix, back] = [new Float64Array(y.length), new Float64Array(x.length)]
        k.im2col?.(x, ix, win)
        k.col2im?.(y, back, win)
        const dot = (u: Float64Array, v: Float64Array): number => u.reduce((s, ui, i) => s + ui * v[i]!, 0)
        expect(dot(ix, y)).toBeCloseTo(dot(x, back), 10)
      }),
      { seed, numRuns: 40 }
    )
  })
})
