import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import * as _ from '../../../src/tensor/index.js'

describe('select', () => {
  afterEach(() => {
    _.selectKernels('auto', { threads: 1 })
  })
  describe('withKernels', () => {
    it('should run one operation on two backends side by side and leave the selection as it was', () => {
      _.selectKernels('js')
      const a = _.tensor([[1, 2, 3], [4, 5, 6]])
      const b = _.tensor([[1, 0], [2, 1], [3, 2]])
      const slow = _.withKernels('reference', () => _.matmul(a, b))
      const fast = _.withKernels('wasm', () => {
        expect(_.kernelStatus().active).toBe('wasm-simd')
        return _.matmul(a, b)
      })
      expect(_.toNested(slow)).toEqual([[14, 8], [32, 17]])
      expect(_.toNested(fast)).toEqual(_.toNested(slow))
      expect(_.kernelStatus().active).toBe('js-blocked')
    })
    it('should restore the previous backend when the computation throws', () => {
      _.selectKernels('reference')
      expect(() => _.withKernels('js', () => _.matmul(_.zeros([2, 3] as [number, number]), _.zeros([4, 2] as [number, number])))).toThrow(/inner dimensions/)
      expect(_.kernelStatus().active).toBe('reference')
    })
    it('should fall back per operation: a partial backend fills only what it has', () => {
      let calls = 0
      const mine: _.Backend = { name: 'relu-only', relu: (x, out) => (calls++, out.set(x.map((v) => Math.max(0, v)))) }
      const [r, p] = _.withKernels(mine, () => {
        expect(_.kernelStatus().providers).toMatchObject({ relu: 'relu-only', gemm: 'js-blocked', im2col: 'reference' })
        return [_.relu(_.tensor([-1, 3])), _.matmul(_.tensor([[2]]), _.tensor([[3]]))] as const
      })
      expect([_.toArray(r), _.toNested(p), calls]).toEqual([[0, 3], [[6]], 1])
    })
  })
  describe('useKernels', () => {
    it('should switch backends and return the previous one, providers intact', () => {
      const previous = _.useKernels(_.referenceKernels)
      try {
        expect(_.activeKernels().name).toBe('reference')
      } finally {
        _.useKernels(previous)
      }
      expect(_.activeKernels().providers).toEqual(previous.providers)
    })
  })
  describe('selectKernels', () => {
    it('should choose the native kernels by default where they built, else WebAssembly SIMD saying why not native', () => {
      const native = _.loaders.native({ threads: 1 })
      if (E.isRight(native)) {
        expect(_.selectKernels('auto')).toMatchObject({ active: native.right.name, threads: 1, fallbackReason: undefined })
        // The native addon has the element-wise kernels too (in place, no copy); the WebAssembly backend has only gemm.
        const n = native.right.name
        expect(_.kernelStatus().providers).toMatchObject({ gemm: n, im2col: n, col2im: n, addRow: n, relu: n, reluGrad: n, axpy: n, sumRows: n, nonFiniteIndex: n })
      } else {
        expect(_.selectKernels('auto')).toMatchObject({ active: 'wasm-simd', threads: 1, fallbackReason: native.left })
        expect(_.kernelStatus().providers).toMatchObject({ gemm: 'wasm-simd', im2col: 'reference' })
      }
    })
    it('should give each backend on request', () => {
      expect(_.selectKernels('reference').active).toBe('reference')
      expect(_.selectKernels('js').active).toBe('js-blocked')
      expect(_.selectKernels('wasm', { threads: 2 }).active).toBe('wasm-simd×2')
    })
    it('should fall back to the JavaScript kernel, with the reason, when the module is corrupt', () => {
      const status = _.selectKernels('wasm', { wasmBytes: new Uint8Array([0, 97, 115, 109, 9, 9]) })
      expect(status.active).toBe('js-blocked')
      expect(status.fallbackReason).toMatch(/WebAssembly SIMD kernels failed to load/)
      expect(_.kernelStatus()).toEqual(status)
      expect(_.toNested(_.matmul(_.tensor([[2]]), _.tensor([[3]])))).toEqual([[6]])
    })
    it('should give the native kernels on request, or WebAssembly with the reason they did not load', () => {
      const native = _.loaders.native({ threads: 2 })
      const status = _.selectKernels('native', { threads: 2 })
      expect(status).toMatchObject(E.isRight(native) ? { active: native.right.name, fallbackReason: undefined } : { active: 'wasm-simd×2', fallbackReason: native.left })
      expect(status.active).toMatch(/^(native-(avx512|avx2|generic)|wasm-simd)×2$/)
    })
  })
  describe('kernelStatus', () => {
    it('should describe the backend in use', () => {
      _.selectKernels('js')
      expect(_.kernelStatus()).toMatchObject({ active: 'js-blocked', threads: 1, fallbackReason: undefined })
    })
  })
})
