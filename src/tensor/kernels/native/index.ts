/**
 * The native backend for Node (native/, built at install): GEMM with its epilogue, im2col and col2im.
 *
 * @since 0.3.0
 */
export { loadNativeKernels } from './backend.js'
export type { NativeOptions } from './backend.js'
export { NOT_NODE } from './addon.js'
export type { NativeIsa } from './addon.js'
