/**
 * The WebAssembly peak probe (scripts/bench/peak.wat): GFLOP/s of a register-only multiply-add loop
 * on the calling thread, for the plain SIMD build (multiply, then add) and the relaxed one (fused
 * `f32x4.relaxed_madd`). The GEMM section divides each WebAssembly kernel's speed by the peak of its
 * own build: that fraction is what the kernel makes of what the runtime allows.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { assemble, fuseMultiplyAdds } from '../lib/wat.js'

/** One build of the probe: `run(ms)` spins the loop for about `ms` milliseconds and returns its GFLOP/s. */
export interface PeakProbe {
  readonly relaxed: boolean
  readonly run: (ms: number) => number
}

const FLOPS_PER_ROUND = 14 * 4 * 2

// What this file uses of the WebAssembly JS API (tsconfig's libs have no DOM, which declares it).
interface WasmApi {
  readonly validate: (bytes: Uint8Array) => boolean
  readonly Module: new (bytes: Uint8Array) => object
  readonly Instance: new (module: object) => { readonly exports: unknown }
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

/** Both builds of the probe (the relaxed one only where the runtime validates it: undefined otherwise). */
export const loadPeakProbes = async (): Promise<{ readonly plain: PeakProbe; readonly relaxed: PeakProbe | undefined }> => {
  const path = fileURLToPath(new URL('./peak.wat', import.meta.url))
  const text = readFileSync(path, 'utf8')
  const fused = fuseMultiplyAdds(text)
  if (fused.count !== 14) throw new Error(`peak.wat: expected 14 multiply-adds, found ${fused.count}`)
  const probe = (bytes: Uint8Array, relaxed: boolean): PeakProbe => {
    const { peak } = new wasmApi.Instance(new wasmApi.Module(bytes)).exports as { peak: (rounds: number) => number }
    // Rounds per millisecond, from a short calibration (which also lets the optimizing tier compile the loop).
    for (let i = 0; i < 300; i++) peak(1e4)
    let perMs = 1e5
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      peak(perMs * 5)
      perMs = Math.max(1e4, (perMs * 5) / Math.max(performance.now() - t0, 0.1))
    }
    const run = (ms: number): number => {
      const rounds = Math.min(2 ** 31 - 1, Math.round(perMs * ms))
      const t0 = performance.now()
      peak(rounds)
      return (rounds * FLOPS_PER_ROUND) / ((performance.now() - t0) * 1e6)
    }
    return { relaxed, run }
  }
  const plain = probe(await assemble(path, text, false), false)
  const relaxedBytes = await assemble(path, fused.text, true)
  return { plain, relaxed: wasmApi.validate(relaxedBytes) ? probe(relaxedBytes, true) : undefined }
}
