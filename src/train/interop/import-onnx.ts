/**
 * ONNX import: a model whose graph is a chain of supported operators becomes a kanzen network
 * with its parameters, so that a model trained elsewhere can be computed (and followed) here.
 * The operators read, and the stage each becomes:
 *
 *   Gemm(x, B, C)             dense, W = B (transB = 0) or Bᵀ (transB = 1); alpha = beta = 1
 *   MatMul(x, W) [Add(·, b)]  dense, W: [in, out], b: [out] (zeros without the Add)
 *   Relu, LeakyRelu, Sigmoid, Tanh, Softmax (last axis), Identity, Dropout (identity, its ratio kept)
 *   Flatten(axis = 1), Reshape to [batch, Πrow]      flatten
 *   Reshape to [batch, e₁, …, eₘ] (m ≥ 2)           reshape([e₁, …, eₘ]) (0 copies an input size, one −1 is inferred)
 *   Conv(x, W, [B])           conv2d, W: [F, C, KH, KW] as kanzen keeps it; symmetric pads, group = dilations = 1
 *   MaxPool, AveragePool      maxPool2d, avgPool2d: without padding (kanzen's pools have none) and ceil_mode = 0
 *   BatchNormalization        batchNorm on [batch, F] or [batch, C, H, W]: γ = scale, β = B, the state's running
 *                             mean and variance = input_mean, input_var; momentum = 1 − ONNX's (default 0.9)
 *
 * Every other operator, a branch, an input that is not the previous node's output, or a weight
 * of the wrong shape or type is a `Left` naming the node (and operator) or the tensor.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as L from '../../layers/index.js'
import * as T from '../../tensor/index.js'
import type { InteropError } from './interop-error.js'
import { interopFail } from './interop-error.js'
import type { AnyNetwork } from './network-of.js'
import { networkOf, weightsOf } from './network-of.js'
import type { OnnxAttribute, OnnxGraph, OnnxNode, OnnxTensor } from './onnx-proto.js'
import { DataType, decodeOnnxModel } from './onnx-proto.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A network rebuilt from a file, with its parameters. @category model @since 0.2.0 */
export interface ImportedNetwork {
  readonly net: AnyNetwork
  readonly params: ReadonlyArray<unknown>
  /** The network's state (batch normalisation's running statistics), `undefined` when it keeps none. */
  readonly state: ReadonlyArray<unknown> | undefined
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The kanzen network and parameters of an ONNX model, or why it cannot be one.
 *
 * @example
 * import { Layer, Random, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2))
 * const back = E.flatMap(Train.importOnnx)(Train.exportOnnx(net, net.init(Random.key(0))))
 * assert.deepStrictEqual(E.map((m: Train.ImportedNetwork) => m.net.name)(back), E.right(net.name))
 * assert.deepStrictEqual(Train.importOnnx(new Uint8Array([1, 2, 3])), E.left({ _tag: 'InteropError', message: 'not an ONNX model: truncated or not protobuf (illegal tag: field number 0)' }))
 *
 * @category operations
 * @since 0.2.0
 */
export const importOnnx = (bytes: Uint8Array): E.Either<InteropError, ImportedNetwork> => {
  const model = decodeOnnxModel(bytes)
  if (E.isLeft(model)) return interopFail(`not an ONNX model: ${model.left}`)
  const { graph, opsetImport } = model.right
  const opset = opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version
  if (graph === undefined || graph === null || opset === undefined || model.right.irVersion < 3)
    return interopFail('not an ONNX model: no graph, no ai.onnx opset or no IR version')
  return E.flatMap(graphInput(graph), ({ name, row, dtype }) => {
    const chain: Chain = { opset, dtype, current: name, row, specs: [], params: [], states: [], initializers: new Map(graph.initializer.map((t) => [t.name, t])) }
    for (const [i, n] of graph.node.entries()) {
      const label = `node ${i} "${n.name}" (${n.opType})`
      if (n.domain !== undefined && n.domain !== '' && n.domain !== 'ai.onnx') return interopFail(`${label}: unsupported operator domain ${n.domain}`)
      const step = importNode(n, label, chain)
      if (step !== undefined) return interopFail(step)
    }
    const out = graph.output[0]?.name
    if (graph.output.length !== 1 || out !== chain.current)
      return interopFail(`the graph's output ${JSON.stringify(out)} is not the end of its chain of nodes (${JSON.stringify(chain.current)})`)
    return E.mapLeft((e: T.ShapeError): InteropError => ({ _tag: 'InteropError', message: e.message }))(
      T.attempt(() => ({
        net: networkOf(row, dtype, chain.specs),
        params: chain.params,
        state: chain.states.some((st) => st !== undefined) ? chain.states : undefined
      }))
    )
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The shortest decimal that is the same float32, so a stage read back from a float attribute has
 * the number it was written with: 0.009999999776482582 (float32 of 0.01) reads as 0.01.
 *
 * @example
 * import { Train } from 'kanzen'
 * assert.strictEqual(Train.shortestFloat32(Math.fround(0.01)), 0.01)
 *
 * @category utils
 * @since 0.2.0
 */
export const shortestFloat32 = (x: number): number => {
  for (let p = 1; p <= 9; p++) {
    const y = Number(x.toPrecision(p))
    if (Math.fround(y) === Math.fround(x)) return y
  }
  return x
}

interface Chain {
  readonly opset: number
  readonly dtype: T.DType
  readonly initializers: ReadonlyMap<string, OnnxTensor>
  current: string
  row: T.Shape
  readonly specs: Array<L.StageSpec>
  readonly params: Array<unknown>
  /** Each stage's state (undefined but for batch normalisation), as a serial network's state nests them. */
  readonly states: Array<unknown>
  /** The index in `params` of a dense stage read from a MatMul that an Add may give a bias. */
  matMul?: number
}

const graphInput = (graph: OnnxGraph): E.Either<InteropError, { name: string; row: T.Shape; dtype: T.DType }> => {
  const inputs = graph.input.filter((v) => !graph.initializer.some((t) => t.name === v.name))
  const v = inputs[0]
  if (inputs.length !== 1 || v === undefined) return interopFail(`expected one graph input (besides initializers), found ${inputs.length}`)
  const tensor = v.type?.tensorType
  const dtype = tensor?.elemType === DataType.FLOAT ? 'float32' : tensor?.elemType === DataType.DOUBLE ? 'float64' : undefined
  if (tensor === undefined || tensor === null || dtype === undefined) return interopFail(`graph input ${v.name}: expected a float or double tensor`)
  const dims = tensor.shape?.dim ?? []
  const row = dims.slice(1).map((d) => d.dimValue ?? 0)
  if (dims.length < 2 || row.some((d) => !(d > 0))) return interopFail(`graph input ${v.name}: expected a shape [batch, ...fixed sizes], found [${dims.map((d) => d.dimParam || d.dimValue).join(', ')}]`)
  return E.right({ name: v.name, row, dtype })
}

// One case per operator; returns the error, or undefined when the node was taken into the chain.
const importNode = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  const isAdd = n.opType === 'Add'
  const x = isAdd ? n.input.find((i) => i === c.current) : n.input[0]
  if (x !== c.current) return `${label}: takes ${JSON.stringify(n.input[0])}, not the previous stage's output ${JSON.stringify(c.current)} (only a chain of stages is supported)`
  if (n.output[0] === undefined) return `${label}: has no output`
  const same = (spec: L.StageSpec): undefined => push(c, n, spec, {}, c.row)
  switch (n.opType) {
    case 'Gemm':
      return gemm(n, label, c)
    case 'MatMul':
      return matMul(n, label, c)
    case 'Add':
      return add(n, label, c)
    case 'Relu':
      return same({ kind: 'relu' })
    case 'LeakyRelu':
      return same({ kind: 'leakyRelu', alpha: shortestFloat32(attribute(n, 'alpha')?.f ?? 0.01) })
    case 'Sigmoid':
      return same({ kind: 'sigmoid' })
    case 'Tanh':
      return same({ kind: 'tanh' })
    case 'Softmax': {
      const axis = attribute(n, 'axis')?.i ?? (c.opset >= 13 ? -1 : 1)
      if (c.row.length !== 1 || (axis !== -1 && axis !== 1)) return `${label}: softmax over axis ${axis} of [batch, ${c.row.join(', ')}]; only over the last axis of [batch, K]`
      return same({ kind: 'softmax' })
    }
    case 'Identity':
      return same({ kind: 'identity' })
    case 'Dropout':
      return dropout(n, label, c)
    case 'Flatten': {
      const axis = attribute(n, 'axis')?.i ?? 1
      if (axis !== 1) return `${label}: flatten from axis ${axis}; only axis 1 (keep the batch) is supported`
      return push(c, n, { kind: 'flatten' }, {}, [T.sizeOf(c.row)])
    }
    case 'Reshape':
      return reshape(n, label, c)
    case 'Conv':
      return conv(n, label, c)
    case 'MaxPool':
      return pool(n, label, c, 'maxPool2d')
    case 'AveragePool':
      return pool(n, label, c, 'avgPool2d')
    case 'BatchNormalization':
      return batchNormalization(n, label, c)
    default:
      return `${label}: unsupported operator ${n.opType}`
  }
}

const push = (c: Chain, n: OnnxNode, spec: L.StageSpec, params: unknown, row: T.Shape, state?: unknown): undefined => {
  c.specs.push(spec)
  c.params.push(params)
  c.states.push(state)
  c.row = row
  // Every node was checked to have an output before it got here (has no output).
  c.current = T.at(n.output, 0)
  c.matMul = undefined
  return undefined
}

const attribute = (n: OnnxNode, name: string): OnnxAttribute | undefined => n.attribute.find((a) => a.name === name)

const gemm = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  const [alpha, beta] = [attribute(n, 'alpha')?.f ?? 1, attribute(n, 'beta')?.f ?? 1]
  const [transA, transB] = [attribute(n, 'transA')?.i ?? 0, attribute(n, 'transB')?.i ?? 0]
  if (alpha !== 1 || beta !== 1 || transA !== 0) return `${label}: only Gemm with alpha = beta = 1 and transA = 0 is a dense layer`
  const b = weight(n.input[1], label, c, 2)
  if (typeof b === 'string') return b
  if (!T.isMatrix(b)) return `${label}: weights ${n.input[1]} are not a matrix`
  const w = transB === 1 ? T.transpose(b) : b
  const [inputs, units] = w.shape
  if (c.row.length !== 1 || c.row[0] !== inputs) return `${label}: weights ${n.input[1]} take ${inputs} inputs, but the stage before gives [${c.row.join(', ')}]`
  const bias = n.input[2] === undefined || n.input[2] === '' ? T.zeros([units], c.dtype) : weight(n.input[2], label, c, 1, units)
  if (typeof bias === 'string') return bias
  return push(c, n, { kind: 'dense', inputs, units }, { w, b: bias }, [units])
}

const matMul = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  const w = weight(n.input[1], label, c, 2)
  if (typeof w === 'string') return w
  if (!T.isMatrix(w)) return `${label}: weights ${n.input[1]} are not a matrix`
  const [inputs, units] = w.shape
  if (c.row.length !== 1 || c.row[0] !== inputs) return `${label}: weights ${n.input[1]} take ${inputs} inputs, but the stage before gives [${c.row.join(', ')}]`
  push(c, n, { kind: 'dense', inputs, units }, { w, b: T.zeros([units], c.dtype) }, [units])
  c.matMul = c.params.length - 1
  return undefined
}

// Add is read only as the bias of the MatMul just before it.
const add = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  const at = c.matMul
  const dense = at === undefined ? undefined : weightsOf(c.params[at])
  const other = n.input.find((i) => i !== c.current)
  if (at === undefined || dense === undefined || other === undefined) return `${label}: unsupported operator Add (other than the bias right after a MatMul)`
  const b = weight(other, label, c, 1, dense.w.shape[1])
  if (typeof b === 'string') return b
  c.params[at] = { w: dense.w, b }
  c.current = T.at(n.output, 0)
  c.matMul = undefined
  return undefined
}

const dropout = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  const given = n.input[1] === undefined || n.input[1] === '' ? undefined : c.initializers.get(n.input[1])
  if (n.input[1] !== undefined && n.input[1] !== '' && given === undefined) return `${label}: ratio ${n.input[1]} is not a constant`
  const ratio = given === undefined ? (attribute(n, 'ratio')?.f ?? 0.5) : (valuesOf(given)?.[0] ?? Number.NaN)
  const rate = given?.dataType === DataType.DOUBLE ? ratio : shortestFloat32(ratio)
  if (!(rate >= 0 && rate < 1)) return `${label}: dropout ratio ${ratio} is not in [0, 1)`
  return push(c, n, { kind: 'dropout', rate }, {}, c.row)
}

const reshape = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  const t = n.input[1] === undefined ? undefined : c.initializers.get(n.input[1])
  const shape = t === undefined ? undefined : valuesOf(t)
  const shown = shape === undefined ? 'a computed shape' : `[${Array.from(shape).join(', ')}]`
  const row = shape === undefined ? undefined : rowOfReshape(Array.from(shape), c.row)
  if (row === undefined) return `${label}: reshape to ${shown}; only reshaping each example of [batch, ${c.row.join(', ')}] (${T.sizeOf(c.row)} values) to [batch, ...] is supported`
  // To one axis it is a flatten (the same computation, and what Flatten and kanzen's flatten write).
  return row.length === 1 ? push(c, n, { kind: 'flatten' }, {}, row) : push(c, n, { kind: 'reshape', row }, {}, row)
}

// The row of Reshape(x, shape) for x: [batch, ...row] (ONNX's rules with allowzero = 0: 0 copies
// the input's size on that axis, one −1 is inferred), or undefined unless it keeps the batch axis
// (shape[0] = 0, or −1 with the rest fixed) and the number of values per example.
const rowOfReshape = (shape: ReadonlyArray<number>, row: T.Shape): ReadonlyArray<number> | undefined => {
  const [batch, ...rest] = shape
  if (batch !== 0 && batch !== -1) return undefined
  const sized: Array<number> = []
  for (const [j, d] of rest.entries()) {
    const size = d === 0 ? row[j] : d
    if (size === undefined || (size !== -1 && !(size > 0))) return undefined
    sized.push(size)
  }
  const free = sized.filter((d) => d === -1).length
  if (free > (batch === -1 ? 0 : 1)) return undefined
  const known = sized.filter((d) => d !== -1).reduce((a, d) => a * d, 1)
  const width = T.sizeOf(row)
  if (free === 0) return known === width ? sized : undefined
  return width % known === 0 && width / known > 0 ? sized.map((d) => (d === -1 ? width / known : d)) : undefined
}

const conv = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  const refused = unsupportedWindow(n, label, ['group', 'dilations'])
  if (refused !== undefined) return refused
  const w = weight(n.input[1], label, c, 4)
  if (typeof w === 'string') return w
  // weight() checked the four axes.
  const [filters = 0, inChannels = 0, kh = 0, kw = 0] = w.shape
  if (c.row.length !== 3 || c.row[0] !== inChannels)
    return `${label}: weights ${n.input[1]} [${w.shape.join(', ')}] take images of ${inChannels} channels [batch, ${inChannels}, height, width], but the stage before gives [batch, ${c.row.join(', ')}]`
  const kernel = pairAttribute(n, 'kernel_shape', [kh, kw])
  if (kernel[0] !== kh || kernel[1] !== kw) return `${label}: kernel_shape [${kernel.join(', ')}] disagrees with the weights ${n.input[1]} [${w.shape.join(', ')}]`
  const stride = pairAttribute(n, 'strides', [1, 1])
  const pads = attribute(n, 'pads')?.ints ?? []
  const [pt = 0, pl = 0, pb = 0, pr = 0] = pads
  if ((pads.length !== 0 && pads.length !== 4) || pt !== pb || pl !== pr) return `${label}: pads [${pads.join(', ')}]; only the same padding at both ends of each axis, [pH, pW, pH, pW], is a conv2d`
  const padding = [pt, pl] as const
  const bias = n.input[2] === undefined || n.input[2] === '' ? T.zeros([filters], c.dtype) : weight(n.input[2], label, c, 1, filters)
  if (typeof bias === 'string') return bias
  const g = L.geometry(c.row, kernel, stride, padding)
  if (typeof g === 'string') return `${label}: ${g}`
  return push(c, n, { kind: 'conv2d', inChannels, filters, kernel, stride, padding }, { w, b: bias }, [filters, g.outHeight, g.outWidth])
}

const pool = (n: OnnxNode, label: string, c: Chain, kind: 'maxPool2d' | 'avgPool2d'): string | undefined => {
  const refused = unsupportedWindow(n, label, ['dilations', 'storage_order'])
  if (refused !== undefined) return refused
  if (n.output.length > 1 && n.output[1] !== '') return `${label}: the second output (the indices of the maxima) is not supported`
  const given = attribute(n, 'kernel_shape')?.ints
  const [gh = 0, gw = 0] = given ?? []
  if (given?.length !== 2) return `${label}: expected kernel_shape of two sizes [KH, KW], found [${(given ?? []).join(', ')}]`
  const size = [gh, gw] as const
  const stride = pairAttribute(n, 'strides', [1, 1])
  const pads = attribute(n, 'pads')?.ints ?? []
  if (pads.some((p) => p !== 0)) return `${label}: pads [${pads.join(', ')}]; kanzen's pooling has no padding`
  if ((attribute(n, 'ceil_mode')?.i ?? 0) !== 0) return `${label}: ceil_mode = 1; kanzen's pooling floors the output size (ceil_mode = 0)`
  if (c.row.length !== 3) return `${label}: pools images [batch, channels, height, width], but the stage before gives [batch, ${c.row.join(', ')}]`
  const g = L.geometry(c.row, size, stride, [0, 0])
  if (typeof g === 'string') return `${label}: ${g}`
  return push(c, n, { kind, size, stride }, {}, [g.channels, g.outHeight, g.outWidth])
}

// The inference form only: one output (opset < 14 may list the training outputs; they must be unused)
// and training_mode = 0 (opset 14+).
const batchNormalization = (n: OnnxNode, label: string, c: Chain): string | undefined => {
  if (n.output.slice(1).some((o) => o !== '')) return `${label}: the training outputs (running mean and variance) are not supported; only inference`
  if ((attribute(n, 'training_mode')?.i ?? 0) !== 0) return `${label}: training_mode = 1; only the inference form (training_mode = 0) is supported`
  if ((attribute(n, 'spatial')?.i ?? 1) !== 1) return `${label}: spatial = 0 (statistics per position) is not supported; batchNorm keeps one per channel`
  if (c.row.length !== 1 && c.row.length !== 3)
    return `${label}: normalises features [batch, F] or images [batch, C, H, W], but the stage before gives [batch, ${c.row.join(', ')}]`
  const features = c.row[0] ?? 0
  const gamma = weight(n.input[1], label, c, 1, features)
  if (typeof gamma === 'string') return gamma
  const beta = weight(n.input[2], label, c, 1, features)
  if (typeof beta === 'string') return beta
  const mean = weight(n.input[3], label, c, 1, features)
  if (typeof mean === 'string') return mean
  const variance = weight(n.input[4], label, c, 1, features)
  if (typeof variance === 'string') return variance
  if (Array.from(variance.data).some((v) => !(v >= 0))) return `tensor ${n.input[4]}: a variance must not be negative`
  const epsilon = shortestFloat32(attribute(n, 'epsilon')?.f ?? 1e-5)
  const momentum = kanzenMomentum(attribute(n, 'momentum')?.f ?? 0.9)
  if (!(epsilon > 0)) return `${label}: epsilon ${epsilon} is not positive`
  if (!(momentum >= 0 && momentum <= 1)) return `${label}: momentum ${1 - momentum} is not in [0, 1]`
  return push(c, n, { kind: 'batchNorm', features, momentum, epsilon }, { gamma, beta }, c.row, { mean, variance })
}

// kanzen's momentum m from ONNX's float attribute 1 − m: the shortest decimal whose 1 − m is that
// float32 (0.9 written as float32 reads back as 0.1, not 0.09999999999999998).
const kanzenMomentum = (onnx: number): number => {
  const x = 1 - onnx
  for (let p = 1; p <= 17; p++) {
    const y = Number(x.toPrecision(p))
    if (Math.fround(1 - y) === Math.fround(onnx)) return y
  }
  return x
}

// auto_pad other than NOTSET, and the named attributes other than their neutral values (1), are refused.
const unsupportedWindow = (n: OnnxNode, label: string, ones: ReadonlyArray<string>): string | undefined => {
  const autoPad = attribute(n, 'auto_pad')?.s
  const text = autoPad === undefined ? '' : new TextDecoder().decode(Uint8Array.from(autoPad))
  if (text !== '' && text !== 'NOTSET') return `${label}: auto_pad = ${text}; only explicit pads (NOTSET) are supported`
  for (const name of ones) {
    const a = attribute(n, name)
    if (a === undefined) continue
    const values = a.ints !== undefined && a.ints.length > 0 ? a.ints : [a.i ?? 0]
    const neutral = name === 'storage_order' ? 0 : 1
    if (values.some((v) => v !== neutral)) return `${label}: ${name} = ${values.join(', ')}; only ${name} = ${neutral} is supported`
  }
  return undefined
}

const pairAttribute = (n: OnnxNode, name: string, otherwise: readonly [number, number]): readonly [number, number] => {
  const [a, b, ...more] = attribute(n, name)?.ints ?? []
  return a !== undefined && b !== undefined && more.length === 0 ? [a, b] : otherwise
}

// A constant tensor of the network's dtype and the given rank (and, for rank 1, length).
const weight = (name: string | undefined, label: string, c: Chain, rank: number, length?: number): T.AnyTensor | string => {
  const t = name === undefined ? undefined : c.initializers.get(name)
  if (t === undefined) return `${label}: input ${JSON.stringify(name)} is not a constant (initializer)`
  const want = c.dtype === 'float64' ? DataType.DOUBLE : DataType.FLOAT
  if (t.dataType !== want) return `tensor ${t.name}: expected data type ${c.dtype === 'float64' ? 'DOUBLE' : 'FLOAT'} (${want}) like the graph input, found ${t.dataType}`
  // A bias of [1, out] broadcasts like [out].
  const dims = rank === 1 && t.dims.length === 2 && t.dims[0] === 1 ? t.dims.slice(1) : t.dims
  if (dims.length !== rank || (length !== undefined && dims[0] !== length))
    return `tensor ${t.name}: expected ${rank === 1 ? `shape [${length ?? 'n'}]` : rank === 2 ? 'a matrix' : `${rank} axes`}, found [${t.dims.join(', ')}]`
  const values = valuesOf(t)
  if (values === undefined || values.length !== T.sizeOf(dims)) return `tensor ${t.name}: expected ${T.sizeOf(dims)} values for [${dims.join(', ')}], found ${values?.length ?? 'none'}`
  return E.getOrElseW(() => `tensor ${t.name}: bad shape`)(T.fromArray(dims, values, c.dtype))
}

// The numbers of a tensor from raw_data (little-endian) or its typed list.
const valuesOf = (t: OnnxTensor): ArrayLike<number> | undefined => {
  const raw = t.rawData
  if (raw !== undefined && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
    const width = t.dataType === DataType.FLOAT ? 4 : 8
    if (raw.length % width !== 0) return undefined
    return Array.from({ length: raw.length / width }, (_, i) =>
      t.dataType === DataType.FLOAT ? view.getFloat32(4 * i, true) : t.dataType === DataType.DOUBLE ? view.getFloat64(8 * i, true) : Number(view.getBigInt64(8 * i, true))
    )
  }
  const list = t.dataType === DataType.FLOAT ? t.floatData : t.dataType === DataType.DOUBLE ? t.doubleData : t.dataType === DataType.INT64 ? t.int64Data : undefined
  return list
}
