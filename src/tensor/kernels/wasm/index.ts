/**
 * The WebAssembly SIMD backend: the matrix product, on one or two threads.
 *
 * @since 0.2.0
 */
export { loadWasmKernels } from './backend.js'
export type { WasmOptions } from './backend.js'
