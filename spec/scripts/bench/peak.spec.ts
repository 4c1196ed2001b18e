import { setFlagsFromString } from 'node:v8'
import { describe, expect, it } from 'vitest'
import * as _ from '../../../scripts/bench/peak.js'

// As scripts/lib/kernels.ts does for the bench: relaxed SIMD is behind this flag on Node 20.
setFlagsFromString('--experimental-wasm-relaxed-simd')

describe('peak', () => {
  describe('loadPeakProbes', () => {
    it('should load both builds and measure a positive, finite GFLOP/s for each', async () => {
      const probes = await _.loadPeakProbes()
      expect(probes.plain.relaxed).toBe(false)
      expect(probes.relaxed?.relaxed).toBe(true)
      for (const p of [probes.plain, probes.relaxed!]) {
        const g = p.run(5)
        expect(Number.isFinite(g) && g > 0).toBe(true)
      }
    })
  })
})
