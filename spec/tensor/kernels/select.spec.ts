import { afterEach, describe, expect, it } from 'vitest'
import * as _ from '../../../src/tensor/index.js'

describe('select', () => {
  afterEach(() => {
    _.selectKernels('auto', { threads: 1 })
  })
  describe('useKernels', () => {
    it('should switch backends, return the previous one, and give the same product', () => {
      const a = _.tensor([[1, 2, 3]])
      const b = _.tensor([[1], [2], [3]])
      const fast = _.matmul(a, b)
      const previous = _.useKernels(_.referenceKernels)
      try {
        expect(_.activeKernels().name).toBe('reference')
        expect(_.toNested(_.matmul(a, b))).toEqual(_.toNested(fast))
      } finally {
        _.useKernels(previous)
      }
      expect(_.activeKernels()).toBe(previous)
    })
  })
  describe('selectKernels', () => {
    it('should choose the native kernels by default where they built, else WebAssembly SIMD with the reason', () => {
      const native = _.loadNativeKernels()
      expect(_.selectKernels('auto')).toEqual(
        native._tag === 'Right'
          ? { active: native.right.name, threads: 1, fallbackReason: undefined }
          : { active: 'wasm-simd', threads: 1, fallbackReason: native.left }
      )
    })
    it('should give each backend on request', () => {
      expect(_.selectKernels('reference').active).toBe('reference')
      expect(_.selectKernels('js').active).toBe('js-blocked')
      expect(_.selectKernels('wasm', { threads: 2 }).active).toBe('wasm-simd×2')
      expect(_.selectKernels('native', { threads: 2 }).active).toMatch(_.loadNativeKernels()._tag === 'Right' ? /^native-.*×2$/ : /^wasm-simd×2$/)
    })
    it('should fall back to the JavaScript kernel, with the reason, when the module is corrupt', () => {
      const status = _.selectKernels('wasm', { wasmBytes: new Uint8Array([0, 97, 115, 109, 9, 9]) })
      expect(status.active).toBe('js-blocked')
      expect(status.fallbackReason).toMatch(/WebAssembly SIMD kernels failed to load/)
      expect(_.kernelStatus()).toEqual(status)
      expect(_.toNested(_.matmul(_.tensor([[2]]), _.tensor([[3]])))).toEqual([[6]])
    })
  })
  describe('kernelStatus', () => {
    it('should describe the backend in use', () => {
      _.selectKernels('js')
      expect(_.kernelStatus()).toEqual({ active: 'js-blocked', threads: 1, fallbackReason: undefined })
    })
  })
})
