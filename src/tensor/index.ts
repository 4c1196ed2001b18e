/**
 * Tensors: immutable, shape-typed arrays of numbers, and the operations on them.
 *
 * @since 0.1.0
 */
export type { Shape, Dims, ShapeError, ShapeOf, Product, Multiply, Last, Rank, IsLiteral } from './shape.js'
export type { Add, Subtract, Divide, AtLeast, ConvOut } from './shape-arithmetic.js'
export { shapeError, showShape, sizeOf, sameShape } from './shape.js'
export type { Tensor, AnyTensor, DType, ArrayOf, ReadonlyData, Nested } from './tensor.js'
export { fromArray, fromNested, tensor, generate, produce, produceAs, fill, zeros, ones, eye, scalar, withShape, astype, toArray, toNested, show } from './tensor.js'
export type { ShapeMismatch } from './check.js'
export { attempt, isShapeMismatch, mismatch as failShape } from './check.js'
export { matmul, matmulTransA, matmulTransB, transpose } from './matmul.js'
export { map, zipWith, add, sub, mul, div, addRow, scale, exp, log, sqrt, relu, reluGrad } from './elementwise.js'
export { sum, mean, argmax } from './reduce.js'
export { softmax, logSoftmax } from './softmax.js'
export type { RowShape, Rows, RowOf } from './rows.js'
export { sliceRows, gatherRows, concatRows, oneHot } from './rows.js'
export type { ReshapeTarget } from './reshape.js'
export { reshape } from './reshape.js'
export type { Tolerance } from './compare.js'
export { allClose } from './compare.js'
export type { Kernels, FloatArray } from './kernels/kernels.js'
export { reference as referenceKernels, referenceGemm } from './kernels/reference.js'
export { blocked as blockedKernels, blockedGemm } from './kernels/blocked.js'
export { activeKernels, useKernels, selectKernels, kernelStatus } from './kernels/select.js'
export type { KernelChoice, KernelStatus, SelectOptions } from './kernels/select.js'
export { loadWasmKernels } from './kernels/wasm-simd.js'
