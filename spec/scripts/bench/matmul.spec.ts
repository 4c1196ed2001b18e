import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { Tensor } from '../../../src/index.js'
import * as _ from '../../../scripts/bench/matmul.js'
import { loadPeakProbes } from '../../../scripts/bench/peak.js'

setFlagsFromString('--experimental-wasm-relaxed-simd')

const tiny: ReadonlyArray<_.GemmShape> = [{ label: 'tiny', m: 8, k: 8, n: 8, transA: false, transB: true }]

describe('matmul bench', () => {
  describe('benchGemm', () => {
    it('should give every backend a row, a ratio against the first, and a share of the peak to WebAssembly rows only', async () => {
      const wasm = Tensor.loadWasmKernels({ threads: 1, relaxed: false })
      if (wasm._tag === 'Left') throw new Error(wasm.left)
      const backends = [Tensor.referenceKernels, Tensor.completeKernels(wasm.right, Tensor.referenceKernels)]
      const rows = _.benchGemm(backends, await loadPeakProbes(), tiny, 1, [0.001])
      expect(rows.map((r) => r.backend)).toEqual(['reference', 'wasm-simd'])
      expect(rows[0]!.ratio).toBe(1)
      expect(rows.map((r) => r.peakPct === undefined)).toEqual([true, false])
      expect(rows.every((r) => r.gflops > 0 && r.numpyRatio !== undefined && r.numpyRatio > 0)).toBe(true)
      expect(_.renderGemm(rows, [0.001], tiny)).toContain('numpy + OpenBLAS 1t')
    })
  })
  describe('numpyGemm', () => {
    it('should give one time per shape, or one line saying why numpy was skipped', () => {
      const r = _.numpyGemm(tiny, 1)
      if (typeof r === 'string') expect(r).toMatch(/^numpy skipped: /)
      else expect(r.ms.length === 1 && r.ms[0]! > 0).toBe(true)
    })
  })
})
