/**
 * The reference backend: the lecture's loops for every operation of the seam.
 *
 * @since 0.1.0
 */
export { reference } from './backend.js'
export { referenceGemm } from './gemm.js'
export { referenceIm2col, referenceCol2im, referenceConv2dForward, referenceConv2dBackward } from './conv.js'
export { referenceAddRow, referenceRelu, referenceReluGrad, referenceAxpy, referenceSumRows, referenceNonFiniteIndex, referenceGatherRows, referenceStartGatherRows } from './elementwise.js'
export { referenceMaxPoolForward, referenceMaxPoolBackward } from './pool.js'
export { referenceSoftmaxRows, referenceCrossEntropyRows } from './softmax.js'
