/**
 * ONNX export: a network built from the library's layers becomes a chain of ONNX operators
 * (opset 13), its parameters the graph's initializers, named by their path as in a checkpoint
 * (`params[0].w`). Each stage description maps to operators by one switch:
 *
 *   dense          Gemm(x, W, b)   Y = X·W + b, W stored as kanzen keeps it, [in, out] (transB = 0)
 *   relu           Relu            leakyRelu(α)  LeakyRelu(alpha = α)
 *   sigmoid, tanh  Sigmoid, Tanh   softmax       Softmax(axis = −1)
 *   identity       Identity        dropout(p)    Dropout(x, ratio = p): the identity at inference
 *   flatten        Flatten(axis = 1)
 *   conv2d         Conv(x, W, b, kernel_shape, strides, pads = [pH, pW, pH, pW]), W as kanzen keeps it, [F, C, KH, KW]
 *   maxPool2d      MaxPool(kernel_shape, strides)       avgPool2d   AveragePool(kernel_shape, strides)
 *                  (no padding, output sizes floored: pads = 0, ceil_mode = 0, as kanzen pools)
 *   reshape(row)   Reshape(x, shape = [-1, ...row])  (int64 initializer)
 *   batchNorm      BatchNormalization(x, scale = γ, B = β, input_mean = μ_run, input_var = σ²_run, epsilon),
 *                  the inference form (the running statistics, from the network's state); momentum is
 *                  written as ONNX counts it, 1 − kanzen's (ONNX: running = running·momentum + batch·(1 − momentum))
 *
 * The graph's input is `input`, of shape [batch, ...row] with a symbolic batch axis, and its
 * output `output`; tensors are float32 (`FLOAT`) or float64 (`DOUBLE`) as the network is.
 *
 * Reference: ONNX operator specifications, https://onnx.ai/onnx/operators/
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as L from '../../layers/index.js'
import type * as T from '../../tensor/index.js'
import type { InteropError } from './interop-error.js'
import { interopFail } from './interop-error.js'
import { batchNormParamsOf, runningStatisticsOf, stateAt, weightsOf } from './network-of.js'
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx-proto.js'
import { AttributeType, DataType, encodeOnnxModel } from './onnx-proto.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The opset kanzen writes: 13 (Softmax over one axis, Dropout's ratio as an input). @category model @since 0.2.0 */
export const onnxOpset = 13

/** The ONNX IR version kanzen writes (ONNX 1.10). @category model @since 0.2.0 */
export const onnxIrVersion = 8

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The ONNX model of a network and its parameters, as protobuf bytes; a layer without a stage
 * description (written by hand) is a `Left` naming it. A network with batch normalisation also
 * needs its state (`TrainState.state`, the running statistics inference uses).
 *
 * @example
 * import { Layer, Random, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2))
 * const bytes = Train.exportOnnx(net, net.init(Random.key(0)))
 * const model = E.flatMap((b: Uint8Array) => E.mapLeft((m: string) => ({ _tag: 'InteropError', message: m }))(Train.decodeOnnxModel(b)))(bytes)
 * assert.deepStrictEqual(E.map((m: Train.OnnxModel) => m.graph?.node.map((n) => n.opType))(model), E.right(['Gemm', 'Relu', 'Gemm']))
 *
 * @category operations
 * @since 0.2.0
 */
export const exportOnnx = <I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType, St>(
  net: L.Layer<I, O, P, Tp, D, St>,
  params: P,
  state?: St
): E.Either<InteropError, Uint8Array> => E.map(encodeOnnxModel)(onnxModelOf(net, params, state))

/**
 * The ONNX model of a network as a plain value (what `exportOnnx` encodes).
 *
 * @example
 * import { Layer, Random, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.serial(Layer.input(3), Layer.softmax())
 * const m = Train.onnxModelOf(net, net.init(Random.key(0)))
 * assert.deepStrictEqual(E.map((x: Train.OnnxModel) => x.opsetImport)(m), E.right([{ domain: '', version: 13 }]))
 *
 * @category operations
 * @since 0.2.0
 */
export const onnxModelOf = <I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType, St>(
  net: L.Layer<I, O, P, Tp, D, St>,
  params: P,
  state?: St
): E.Either<InteropError, OnnxModel> => {
  const leaves = L.leavesOf(net, params)
  const nodes: Array<OnnxNode> = []
  const initializer: Array<OnnxTensor> = []
  const elemType = net.dtype === 'float64' ? DataType.DOUBLE : DataType.FLOAT
  for (const [i, leaf] of leaves.entries()) {
    const spec = leaf.layer.spec
    if (spec === undefined) return interopFail(`layer ${leaf.layer.name} at params${leaf.path} has no stage description (written by hand?): ONNX export knows the library's layers only`)
    const stage: Step = {
      index: i,
      input: i === 0 ? 'input' : `stage${i - 1}`,
      output: i === leaves.length - 1 ? 'output' : `stage${i}`,
      prefix: `params${leaf.path}`,
      path: leaf.path,
      params: leaf.params,
      state: stateAt(state, leaf.path),
      elemType
    }
    const part = exportStage(spec, stage)
    if (E.isLeft(part)) return part
    nodes.push(...part.right.nodes)
    initializer.push(...part.right.initializers)
  }
  if (leaves.length === 0) return interopFail(`network ${net.name} has no layers to export`)
  return E.right({
    irVersion: onnxIrVersion,
    producerName: 'kanzen',
    producerVersion: '0.2.0',
    opsetImport: [{ domain: '', version: onnxOpset }],
    graph: {
      name: 'kanzen',
      node: nodes,
      initializer,
      input: [valueInfo('input', elemType, net.inputRow)],
      output: [valueInfo('output', elemType, net.outputRow)]
    }
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

interface Step {
  readonly index: number
  readonly input: string
  readonly output: string
  /** Where this stage's parameters live, `params[2]`: initializers are named under it. */
  readonly prefix: string
  readonly path: string
  readonly params: unknown
  /** This stage's part of the network's state (undefined for most stages). */
  readonly state: unknown
  readonly elemType: number
}

interface Part {
  readonly nodes: ReadonlyArray<OnnxNode>
  readonly initializers: ReadonlyArray<OnnxTensor>
}

// One case per stage kind: a new kind (batch norm) is one more case here.
const exportStage = (spec: L.StageSpec, s: Step): E.Either<InteropError, Part> => {
  switch (spec.kind) {
    case 'dense': {
      const p = weightsOf(s.params)
      if (p === undefined) return interopFail(`${s.prefix}: dense parameters { w, b } are missing`)
      const w = tensorOf(`${s.prefix}.w`, p.w)
      const b = tensorOf(`${s.prefix}.b`, p.b)
      return E.right({ nodes: [node(s, 'Gemm', 'dense', [s.input, w.name, b.name], [])], initializers: [w, b] })
    }
    case 'relu':
      return simple(s, 'Relu', 'relu')
    case 'leakyRelu':
      return simple(s, 'LeakyRelu', 'leakyRelu', [floatAttribute('alpha', spec.alpha)])
    case 'sigmoid':
      return simple(s, 'Sigmoid', 'sigmoid')
    case 'tanh':
      return simple(s, 'Tanh', 'tanh')
    case 'softmax':
      return simple(s, 'Softmax', 'softmax', [intAttribute('axis', -1)])
    case 'identity':
      return simple(s, 'Identity', 'identity')
    case 'dropout': {
      const ratio = scalarOf(`${s.prefix}.ratio`, spec.rate, s.elemType)
      return E.right({ nodes: [node(s, 'Dropout', 'dropout', [s.input, ratio.name], [])], initializers: [ratio] })
    }
    case 'flatten':
      return simple(s, 'Flatten', 'flatten', [intAttribute('axis', 1)])
    case 'conv2d': {
      const p = weightsOf(s.params)
      if (p === undefined) return interopFail(`${s.prefix}: conv2d parameters { w, b } are missing`)
      const w = tensorOf(`${s.prefix}.w`, p.w)
      const b = tensorOf(`${s.prefix}.b`, p.b)
      const [ph, pw] = spec.padding
      const attributes = [intsAttribute('kernel_shape', spec.kernel), intsAttribute('strides', spec.stride), intsAttribute('pads', [ph, pw, ph, pw])]
      return E.right({ nodes: [node(s, 'Conv', 'conv2d', [s.input, w.name, b.name], attributes)], initializers: [w, b] })
    }
    // kanzen's pooling has no padding and floors the output size: ONNX's defaults (pads 0, ceil_mode 0),
    // so AveragePool's count_include_pad never matters; both are written anyway, so the file says it.
    case 'maxPool2d':
      return simple(s, 'MaxPool', 'maxPool2d', poolAttributes(spec.size, spec.stride))
    case 'avgPool2d':
      return simple(s, 'AveragePool', 'avgPool2d', [...poolAttributes(spec.size, spec.stride), intAttribute('count_include_pad', 0)])
    case 'reshape': {
      // [-1, ...row]: the batch is whatever is left, the rest fixed.
      const shape: OnnxTensor = { name: `${s.prefix}.shape`, dims: [spec.row.length + 1], dataType: DataType.INT64, int64Data: [-1, ...spec.row] }
      return E.right({ nodes: [node(s, 'Reshape', 'reshape', [s.input, shape.name], [])], initializers: [shape] })
    }
    case 'batchNorm': {
      const p = batchNormParamsOf(s.params)
      if (p === undefined) return interopFail(`${s.prefix}: batchNorm parameters { gamma, beta } are missing`)
      const st = runningStatisticsOf(s.state)
      if (st === undefined)
        return interopFail(`state${s.path}: batchNorm's running statistics { mean, variance } are missing: pass the network's state (TrainState.state) to exportOnnx`)
      const tensors = [tensorOf(`${s.prefix}.gamma`, p.gamma), tensorOf(`${s.prefix}.beta`, p.beta), tensorOf(`state${s.path}.mean`, st.mean), tensorOf(`state${s.path}.variance`, st.variance)]
      const attributes = [floatAttribute('epsilon', spec.epsilon), floatAttribute('momentum', 1 - spec.momentum)]
      return E.right({ nodes: [node(s, 'BatchNormalization', 'batchNorm', [s.input, ...tensors.map((t) => t.name)], attributes)], initializers: tensors })
    }
  }
}

const poolAttributes = (size: readonly [number, number], stride: readonly [number, number]): ReadonlyArray<OnnxAttribute> => [
  intsAttribute('kernel_shape', size),
  intsAttribute('strides', stride),
  intsAttribute('pads', [0, 0, 0, 0]),
  intAttribute('ceil_mode', 0)
]

const node = (s: Step, opType: string, what: string, input: ReadonlyArray<string>, attribute: ReadonlyArray<OnnxAttribute>): OnnxNode => ({
  name: `stage${s.index}_${what}`,
  opType,
  input,
  output: [s.output],
  attribute
})

const simple = (s: Step, opType: string, what: string, attribute: ReadonlyArray<OnnxAttribute> = []): E.Either<InteropError, Part> =>
  E.right({ nodes: [node(s, opType, what, [s.input], attribute)], initializers: [] })

const floatAttribute = (name: string, f: number): OnnxAttribute => ({ name, type: AttributeType.FLOAT, f })
const intAttribute = (name: string, i: number): OnnxAttribute => ({ name, type: AttributeType.INT, i })
const intsAttribute = (name: string, ints: ReadonlyArray<number>): OnnxAttribute => ({ name, type: AttributeType.INTS, ints })

const valueInfo = (name: string, elemType: number, row: T.Shape): OnnxValueInfo => ({
  name,
  type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'batch' }, ...row.map((d) => ({ dimValue: d }))] } } }
})

// Little-endian, as ONNX's raw_data is defined, whatever the machine's byte order.
const tensorOf = (name: string, x: T.AnyTensor): OnnxTensor => {
  const wide = x.dtype === 'float64'
  const bytes = new Uint8Array(x.size * (wide ? 8 : 4))
  const view = new DataView(bytes.buffer)
  if (wide) x.data.forEach((v, i) => view.setFloat64(8 * i, v, true))
  else x.data.forEach((v, i) => view.setFloat32(4 * i, v, true))
  return { name, dims: [...x.shape], dataType: wide ? DataType.DOUBLE : DataType.FLOAT, rawData: bytes }
}

const scalarOf = (name: string, value: number, elemType: number): OnnxTensor =>
  elemType === DataType.DOUBLE
    ? { name, dims: [], dataType: elemType, doubleData: [value] }
    : { name, dims: [], dataType: elemType, floatData: [value] }
