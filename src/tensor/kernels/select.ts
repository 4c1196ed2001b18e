/**
 * Which matrix-product backend the operations use.
 *
 * By capability, at the first product: the native kernels where they were built at install and
 * pass their self-test (Node only), else WebAssembly SIMD where the runtime supports it, else the
 * blocked JavaScript kernel. `selectKernels('reference')` switches to the readable
 * loops (for learners and for debugging); `useKernels(k)` installs any backend. A backend that
 * fails to load (no SIMD, a corrupt module) never crashes anything: the JavaScript kernel takes
 * over, and `kernelStatus().fallbackReason` says why, once, for the caller to print.
 *
 * This is the one piece of configuration state in the tensor module: it changes speed only,
 * never results beyond float rounding (the specs hold every backend to the reference).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { blocked } from './blocked.js'
import type { Kernels } from './kernels.js'
import { reference } from './reference.js'
import { loadNativeKernels } from './native/native-kernels.js'
import { loadWasmKernels } from './wasm-simd.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A backend request: `auto` = the fastest that loads; `js` = blocked JavaScript. @category kernels @since 0.2.0 */
export type KernelChoice = 'auto' | 'native' | 'wasm' | 'js' | 'reference'

/** What is in use, and why not something faster. @category kernels @since 0.2.0 */
export interface KernelStatus {
  /** The active backend's name: `wasm-simd`, `wasm-simd×2`, `js-blocked`, `reference`, … */
  readonly active: string
  /** Threads requested for large products (1 or 2; 2 only helps the WebAssembly backend). */
  readonly threads: 1 | 2
  /** Set when the requested backend failed to load and another took over. */
  readonly fallbackReason: string | undefined
}

/**
 * Options of `selectKernels`. `wasmBytes` replaces the built module and `nativeBuildDir` the
 * native build folder (both for testing the fallback).
 * @category kernels @since 0.2.0
 */
export interface SelectOptions {
  readonly threads?: 1 | 2
  readonly wasmBytes?: Uint8Array
  readonly nativeBuildDir?: string
}

// -------------------------------------------------------------------------------------
// state
// -------------------------------------------------------------------------------------

let active: Kernels | undefined
let threads: 1 | 2 = 1
let fallbackReason: string | undefined

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/**
 * Choose a backend by name; returns the resulting status. `native` and `auto` fall back to
 * WebAssembly when the native kernels cannot load, and every choice but `reference` and `js`
 * falls back to the blocked JavaScript kernel when WebAssembly SIMD cannot load; the first
 * reason is kept.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const status = Tensor.selectKernels('reference')
 * assert.strictEqual(status.active, 'reference')
 * Tensor.selectKernels('auto')
 *
 * @category kernels
 * @since 0.2.0
 */
export const selectKernels = (choice: KernelChoice, options: SelectOptions = {}): KernelStatus => {
  threads = options.threads ?? threads
  fallbackReason = undefined
  if (choice === 'reference') active = reference
  else if (choice === 'js') active = blocked
  else {
    const native =
      choice === 'wasm' ? E.left('') : loadNativeKernels({ threads, ...(options.nativeBuildDir === undefined ? {} : { buildDir: options.nativeBuildDir }) })
    if (E.isRight(native)) active = native.right
    else {
      const wasm = loadWasmKernels({ threads, ...(options.wasmBytes === undefined ? {} : { bytes: options.wasmBytes }) })
      active = E.isRight(wasm) ? wasm.right : blocked
      fallbackReason = native.left !== '' ? native.left : E.isLeft(wasm) ? wasm.left : undefined
    }
  }
  return kernelStatus()
}

/**
 * The backend in use, and why (see `KernelStatus`).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(typeof Tensor.kernelStatus().active, 'string')
 *
 * @category kernels
 * @since 0.2.0
 */
export const kernelStatus = (): KernelStatus => ({ active: activeKernels().name, threads, fallbackReason })

/**
 * The backend in use (chosen by capability at the first call).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(typeof Tensor.activeKernels().name, 'string')
 *
 * @category kernels
 * @since 0.1.0
 */
export const activeKernels = (): Kernels => {
  if (active === undefined) selectKernels('auto')
  return active ?? blocked
}

/**
 * Use another backend from now on; returns the one that was active, so a caller can restore it.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const previous = Tensor.useKernels(Tensor.referenceKernels)
 * Tensor.useKernels(previous)
 *
 * @category kernels
 * @since 0.1.0
 */
export const useKernels = (kernels: Kernels): Kernels => {
  const previous = activeKernels()
  active = kernels
  return previous
}
