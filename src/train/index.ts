/**
 * Training as a fold: the pure step, folds and scans over (async) streams of batches,
 * datasets and their batches, evaluation, history, early stopping, the non-finite guard and
 * safetensors checkpoints.
 *
 * @since 0.1.0
 */
export type { Model, LossFunction, LossOn, TargetOf, TargetAt, Batch } from './model.js'
export { asLossFunction } from './model.js'
export type { TrainState, DivergenceWatch } from './state.js'
export { initState } from './state.js'
export type { ValueAndGrad, StepCheck } from './step.js'
export { valueAndGrad, applyGradients, checkedStep, trainStep } from './step.js'
export type { NonFinite, Diverged, GuardError, GuardOptions } from './guard.js'
export { trainStepChecked, firstNonFinite } from './guard.js'
export type { AnyIterable, Stopped } from './fold.js'
export { fold, scan, foldEither, isAsync } from './fold.js'
export type { Tensors, BatchOf, Dataset, StreamError, BatchOptions } from './dataset.js'
export { dataset, shuffle, batch, epochs, streamError } from './dataset.js'
export { map, take, rebatch } from './stream.js'
export type { EvalSums, Metrics } from './evaluate.js'
export { evaluation, evaluate } from './evaluate.js'
export type { EpochRecord, History } from './history.js'
export { record, series } from './history.js'
export type { Monitor, EarlyStopping } from './early-stopping.js'
export { bestEpoch, isBest, shouldStop } from './early-stopping.js'
export type { SafeTensors, Int64Tensor, CheckpointError } from './checkpoint/safetensors.js'
export { encodeSafeTensors, decodeSafeTensors, maxHeaderBytes, maxProblems, failAll, quoteText } from './checkpoint/safetensors.js'
export { checkNetworkSize, maxParameters } from './checkpoint/bounds.js'
export { saveCheckpoint, loadCheckpoint } from './checkpoint/checkpoint.js'
export type {
  FitTensors,
  EpochStream,
  BatchEvent,
  EpochEvent,
  FitObserver,
  FitEarlyStopping,
  FitKeys,
  FitOptions,
  Fitted,
  FitError
} from './fit.js'
export { fit } from './fit.js'
export type { LoadedModel } from './checkpoint/self-describing.js'
export { architectureBounds, architectureOf, saveModel, loadModel, decodeArchitecture } from './checkpoint/self-describing.js'
export type { InteropError } from './interop/interop-error.js'
export type { OnnxModel, OnnxGraph, OnnxNode, OnnxTensor, OnnxAttribute, OnnxValueInfo, OnnxDim } from './interop/onnx-proto.js'
export { encodeOnnxModel, decodeOnnxModel } from './interop/onnx-proto.js'
export { exportOnnx, onnxModelOf, onnxOpset, onnxIrVersion } from './interop/export-onnx.js'
export type { ImportedNetwork } from './interop/import-onnx.js'
export { importOnnx, shortestFloat32 } from './interop/import-onnx.js'
export type { AnyNetwork } from './interop/network-of.js'
export { networkOf, stageOf } from './interop/network-of.js'
export type { TorchModel } from './interop/torch-layout.js'
export { exportTorch, importTorch, importTorchModel, torchSequential } from './interop/torch-layout.js'
