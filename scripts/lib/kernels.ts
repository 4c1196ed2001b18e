/**
 * Kernel choice for scripts: `KANZEN_KERNELS=native|wasm|js|reference|auto` (read here, never in src/) and a
 * `--threads 1|2` option. Experiment scripts call `configureKernels(threads)` once and print the
 * line it returns, which names the backend and, if one failed to load, why.
 */
import { setFlagsFromString } from 'node:v8'
import { Tensor } from '../../src/index.js'

// Relaxed SIMD (the fused multiply-add kernel) is behind this V8 flag on Node 20 and on by default
// from Node 22; it can be set at run time, before the first module is compiled, so every script
// that imports this file gets it (`node`, `tsx` alike; NODE_OPTIONS does not accept the flag).
// A V8 that no longer knows the flag ignores it.
setFlagsFromString('--experimental-wasm-relaxed-simd')

/** The backend named by KANZEN_KERNELS, or undefined when unset; exits 2 on an unknown name. */
export const kernelsFromEnv = (): Tensor.KernelChoice | undefined => {
  const v = process.env['KANZEN_KERNELS']
  if (v === undefined || v === '') return undefined
  if (v === 'reference' || v === 'js' || v === 'wasm' || v === 'native' || v === 'auto') return v
  process.stderr.write(`KANZEN_KERNELS must be native, wasm, js, reference or auto, got ${v}\n`)
  return process.exit(2)
}

/** Select the kernels (env choice, else by capability) with `threads`; returns a line to print. */
export const configureKernels = (threads: 1 | 2): string => {
  const s = Tensor.selectKernels(kernelsFromEnv() ?? 'auto', { threads })
  return `kernels: ${s.active}, ${s.threads} thread${s.threads === 2 ? 's' : ''}${s.fallbackReason === undefined ? '' : ` (fallback: ${s.fallbackReason})`}`
}
