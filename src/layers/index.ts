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
