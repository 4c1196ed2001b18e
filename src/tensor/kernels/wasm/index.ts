/**
 * The WebAssembly SIMD backend: the matrix product, on one or two threads, and the element-wise
 * passes of a training step.
 *
 * @since 0.2.0
 */
export { loadWasmKernels } from './backend.js'
export type { WasmOptions } from './backend.js'
