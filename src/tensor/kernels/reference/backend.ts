/**
 * The reference backend: every operation of the seam as the lecture's loops. It fills the whole
 * table, so it is where every other backend's missing operations finally come from.
 *
 * @since 0.1.0
 */
import type { Kernels } from '../kernels.js'
import { referenceCol2im, referenceConv2dBackward, referenceConv2dForward, referenceIm2col } from './conv.js'
import { referenceAddRow, referenceAxpy, referenceGatherRows, referenceNonFiniteIndex, referenceRelu, referenceStartGatherRows, referenceReluGrad, referenceSumRows } from './elementwise.js'
import { referenceGemm } from './gemm.js'
import { referenceMaxPoolBackward, referenceMaxPoolForward } from './pool.js'
import { referenceCrossEntropyRows, referenceSoftmaxRows } from './softmax.js'


const name = 'reference'

/**
 * The reference backend (complete).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.referenceKernels.providers.im2col, 'reference')
 *
 * @category kernels
 * @since 0.1.0
 */
export const reference: Kernels = {
  name,
  gemm: referenceGemm,
  im2col: referenceIm2col,
  col2im: referenceCol2im,
  conv2dForward: referenceConv2dForward,
  conv2dBackward: referenceConv2dBackward,
  maxPoolForward: referenceMaxPoolForward,
  maxPoolBackward: referenceMaxPoolBackward,
  addRow: referenceAddRow,
  relu: referenceRelu,
  reluGrad: referenceReluGrad,
  axpy: referenceAxpy,
  sumRows: referenceSumRows,
  nonFiniteIndex: referenceNonFiniteIndex,
  softmaxRows: referenceSoftmaxRows,
  crossEntropyRows: referenceCrossEntropyRows,
  gatherRows: referenceGatherRows,
  startGatherRows: referenceStartGatherRows,
  providers: { gemm: name, im2col: name, col2im: name, conv2dForward: name, conv2dBackward: name, maxPoolForward: name, maxPoolBackward: name, addRow: name, relu: name, reluGrad: name, axpy: name, sumRows: name, nonFiniteIndex: name, softmaxRows: name, crossEntropyRows: name, gatherRows: name, startGatherRows: name }
}
