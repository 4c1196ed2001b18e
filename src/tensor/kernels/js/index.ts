/**
 * The JavaScript backend: a blocked, packed matrix product; the rest from the reference.
 *
 * @since 0.1.0
 */
export { blocked, loadJsKernels } from './backend.js'
export { blockedGemm } from './gemm.js'
