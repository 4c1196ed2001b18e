/**
 * Layers as values, composed into networks whose shapes the compiler checks.
 *
 * @since 0.1.0
 */
export type { Ctx, NoParams, NoState, Layer, AnyLayer, InputOf, OutputOf, ParamsOf, TapeOf, StateOf, DTypeOf } from './layer.js'
export { evalCtx, evalCtxWith, trainCtx, initialState, requireRows, showRows } from './layer.js'
export type { Kind, In, DTypeIn, Apply, StateOfKind, Stage, Input, InputShape, SameShape, ShowShape } from './stage.js'
export { input, stage, build } from './stage.js'
export type { StageLike, ShapeErrorAt, Analyse, Combined } from './serial-types.js'
export { andThen, serial, serialOf } from './compose.js'
export type { StageSpec, StageKindName, Leaf } from './spec.js'
export { leavesOf, specsOf } from './spec.js'
export type { Summary, SummaryRow } from './summary.js'
export { summary, summaryOf } from './summary.js'
export type { PredictOptions } from './predict.js'
export { predict } from './predict.js'
export type { Architecture, RebuiltNetwork } from './rebuild.js'
export { stageOf, rebuild } from './rebuild.js'
export type { Init } from './init.js'
export { he, glorot, xavier, normal, zeros } from './init.js'
export type { DenseParams, DenseTape, Dense, DenseOptions, DenseKind } from './dense.js'
export { dense } from './dense.js'
export type { Activation } from './pointwise.js'
export { pointwise } from './pointwise.js'
export { relu, leakyRelu } from './relu.js'
export { sigmoid } from './sigmoid.js'
export { tanh } from './tanh.js'
export { identity } from './identity.js'
export type { SoftmaxKind } from './softmax.js'
export { softmax } from './softmax.js'
export { dropout } from './dropout.js'
export type { FlattenKind } from './flatten.js'
export { flatten } from './flatten.js'
export type { GradCheckOptions, GradCheckResult } from './grad-check.js'
export { gradCheck } from './grad-check.js'
export type { Geometry } from './im2col.js'
export { geometry, requireGeometry, im2colInto, col2imInto } from './im2col.js'
export type { Size2, PairOf, Images, ChannelsOf, WindowOut, WindowError, Pool2dKind } from './window-types.js'
export type { Conv2dParams, Conv2dTape, Conv2dOptions, Conv2dKind, PaddingOf } from './conv2d.js'
export { conv2d } from './conv2d.js'
export type { Pool2dOptions, MaxPool2dTape, MaxPool2dKind } from './max-pool2d.js'
export { maxPool2d } from './max-pool2d.js'
export type { AvgPool2dTape, AvgPool2dKind } from './avg-pool2d.js'
export { avgPool2d } from './avg-pool2d.js'
export type { ReshapeKind } from './reshape.js'
export { reshape } from './reshape.js'
export type { BatchNormParams, BatchNormState, BatchNormTape, BatchNormOptions, BatchNormKind, FeaturesOf } from './batch-norm.js'
export { batchNorm } from './batch-norm.js'
export type { WindowSteps, Conv2dGradients } from './conv-reference.js'
export {
  conv2dReference,
  conv2dBackwardReference,
  maxPool2dReference,
  maxPool2dBackwardReference,
  avgPool2dReference,
  avgPool2dBackwardReference
} from './conv-reference.js'
