/**
 * ONNX import: everything kanzen exports comes back as the same network with the same bytes; the
 * operator spellings other exporters use (Gemm with transB = 1, MatMul + Add, Reshape to
 * [-1, N], opset-11 Softmax) are read; anything else is refused with the node and operator named.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Data, Layer, Random, Tensor, Train, Tree } from '../../../src/index.js'
import { gunzip } from '../../../src/node/index.js'
import { describeWithSharedData } from '../../support/run-script.js'

const right = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}
const message = <A>(e: E.Either<{ readonly message: string }, A>): string => (E.isLeft(e) ? e.left.message : 'no error')
const bytesOf = (x: Tensor.AnyTensor): Buffer => Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength)

const everyKind = Layer.serial(
  Layer.input([4, 3]),
  Layer.flatten(),
  Layer.dense(8),
  Layer.leakyRelu(0.01),
  Layer.dropout(0.3),
  Layer.dense(6),
  Layer.tanh(),
  Layer.dense(5),
  Layer.sigmoid(),
  Layer.identity(),
  Layer.relu(),
  Layer.dense(3),
  Layer.softmax()
)

// The CNN of the onnxruntime agreement spec (export-onnx.spec.ts).
const cnn = Layer.serial(
  Layer.input(784),
  Layer.reshape([1, 28, 28]),
  Layer.conv2d({ filters: 4, kernel: 3, padding: 1 }),
  Layer.relu(),
  Layer.maxPool2d({ size: 2 }),
  Layer.conv2d({ filters: 8, kernel: 3, stride: 2 }),
  Layer.avgPool2d({ size: 2 }),
  Layer.flatten(),
  Layer.dense(10)
)

// A float tensor with raw little-endian data.
const raw = (name: string, dims: ReadonlyArray<number>, values: ReadonlyArray<number>): Train.OnnxTensor => ({
  name,
  dims,
  dataType: 1,
  rawData: new Uint8Array(Float32Array.from(values).buffer)
})
const graphOf = (node: ReadonlyArray<Train.OnnxNode>, initializer: ReadonlyArray<Train.OnnxTensor>, row: ReadonlyArray<number>, opset = 13): Uint8Array =>
  Train.encodeOnnxModel({
    irVersion: 7,
    producerName: 'test',
    producerVersion: '0',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'g',
      node,
      initializer,
      input: [{ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, ...row.map((d) => ({ dimValue: d }))] } } } }],
      output: [{ name: 'y' }]
    }
  })
const op = (name: string, opType: string, input: ReadonlyArray<string>, output: string, attribute: ReadonlyArray<Train.OnnxAttribute> = []): Train.OnnxNode => ({
  name,
  opType,
  input,
  output: [output],
  attribute
})

describe('import-onnx', () => {
  describe('importOnnx', () => {
    it('should give back every exported stage with its numbers, and the parameters byte for byte', () => {
      const params = everyKind.init(Random.key(1))
      const back = right(E.flatMap(Train.importOnnx)(Train.exportOnnx(everyKind, params)))
      expect(Layer.specsOf(back.net)).toEqual(Layer.specsOf(everyKind))
      expect(back.net.inputRow).toEqual([4, 3])
      const dense = (p: unknown) => p as { readonly w: Tensor.AnyTensor; readonly b: Tensor.AnyTensor }
      for (const i of [1, 4, 6, 10]) {
        expect(bytesOf(dense(back.params[i]).w).equals(bytesOf(dense(params[i]).w))).toBe(true)
        expect(bytesOf(dense(back.params[i]).b).equals(bytesOf(dense(params[i]).b))).toBe(true)
      }
      const x = Tensor.generate([2, 4, 3] as [number, 4, 3], (i) => Math.sin(i))
      expect(Tensor.toArray(back.net.forward(back.params, x, Layer.evalCtx)[0])).toEqual(Tensor.toArray(everyKind.forward(params, x, Layer.evalCtx)[0]))
    })

    it('should give back a CNN (reshape, conv2d, pooling) with its numbers, and the parameters byte for byte', () => {
      const params = cnn.init(Random.key(8))
      const back = right(E.flatMap(Train.importOnnx)(Train.exportOnnx(cnn, params)))
      expect(Layer.specsOf(back.net)).toEqual(Layer.specsOf(cnn))
      expect([back.net.inputRow, back.net.outputRow]).toEqual([[784], [10]])
      const dense = (p: unknown) => p as { readonly w: Tensor.AnyTensor; readonly b: Tensor.AnyTensor }
      for (const i of [1, 4, 7]) {
        expect(bytesOf(dense(back.params[i]).w).equals(bytesOf(dense(params[i]).w))).toBe(true)
        expect(bytesOf(dense(back.params[i]).b).equals(bytesOf(dense(params[i]).b))).toBe(true)
      }
    })

    it('should give back non-square kernels, strides, paddings and pools axis by axis', () => {
      const net = Layer.serial(
        Layer.input([2, 5, 6], 'float64'),
        Layer.conv2d({ filters: 3, kernel: [2, 3], stride: [1, 2], padding: [1, 0] }),
        Layer.maxPool2d({ size: [2, 1] }),
        Layer.avgPool2d({ size: [1, 2], stride: 1 }),
        Layer.reshape([1, 9]),
        Layer.flatten()
      )
      const params = net.init(Random.key(3))
      const back = right(E.flatMap(Train.importOnnx)(Train.exportOnnx(net, params)))
      expect(Layer.specsOf(back.net)).toEqual(Layer.specsOf(net))
      const x = Tensor.generate([2, 2, 5, 6] as [number, 2, 5, 6], (i) => Math.sin(i), 'float64')
      expect(Tensor.toArray(back.net.forward(back.params, x, Layer.evalCtx)[0])).toEqual(Tensor.toArray(net.forward(params, x, Layer.evalCtx)[0]))
    })

    it("should read other exporters' spellings of a CNN: Conv without kernel_shape or bias, Reshape with 0 and -1", () => {
      // x: [N, 4] → reshape [0, 1, 2, -1] = [1, 2, 2] → conv 1 filter 2×2 (no bias) → [1, 1, 1] → reshape [0, -1] = [1]
      const bytes = graphOf(
        [
          op('r', 'Reshape', ['x', 's'], 'i'),
          op('c', 'Conv', ['i', 'W'], 'h', [{ name: 'group', type: 2, i: 1 }, { name: 'dilations', type: 7, ints: [1, 1] }]),
          op('f', 'Reshape', ['h', 't'], 'y')
        ],
        [
          { name: 's', dims: [4], dataType: 7, int64Data: [0, 1, 2, -1] },
          raw('W', [1, 1, 2, 2], [1, 2, 3, 4]),
          { name: 't', dims: [2], dataType: 7, int64Data: [0, -1] }
        ],
        [4]
      )
      const { net, params } = right(Train.importOnnx(bytes))
      expect(Layer.specsOf(net)).toEqual({
        specs: [
          { kind: 'reshape', row: [1, 2, 2] },
          { kind: 'conv2d', inChannels: 1, filters: 1, kernel: [2, 2], stride: [1, 1], padding: [0, 0] },
          { kind: 'flatten' }
        ]
      })
      const [y] = net.forward(params, Tensor.tensor([[1, 1, 1, 2]]), Layer.evalCtx)
      expect(Tensor.toArray(y)).toEqual([1 + 2 + 3 + 8])
    })

    it('should read float64 networks as float64', () => {
      const net = Layer.serial(Layer.input(3, 'float64'), Layer.dense(2))
      const back = right(E.flatMap(Train.importOnnx)(Train.exportOnnx(net, net.init(Random.key(0)))))
      expect(back.net.dtype).toBe('float64')
    })

    it('should read the spellings of other exporters: Reshape, Gemm with transB = 1, MatMul + Add, opset-11 Softmax', () => {
      // y = softmax(relu(flat(x)·Aᵀ + a)·B + b)
      const bytes = graphOf(
        [
          op('reshape', 'Reshape', ['x', 'shape'], 'f'),
          op('fc1', 'Gemm', ['f', 'A', 'a'], 'h', [{ name: 'transB', type: 2, i: 1 }]),
          op('act', 'Relu', ['h'], 'r'),
          op('fc2', 'MatMul', ['r', 'B'], 'm'),
          op('bias', 'Add', ['m', 'b'], 'z'),
          op('out', 'Softmax', ['z'], 'y', [{ name: 'axis', type: 2, i: 1 }])
        ],
        [
          { name: 'shape', dims: [2], dataType: 7, int64Data: [-1, 4] },
          raw('A', [3, 4], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, -1]),
          raw('a', [3], [0, 1, 0]),
          raw('B', [3, 2], [1, 0, 0, 1, 1, 1]),
          raw('b', [2], [0.5, -0.5])
        ],
        [2, 2],
        11
      )
      const { net, params } = right(Train.importOnnx(bytes))
      expect(Layer.specsOf(net)).toEqual({
        specs: [{ kind: 'flatten' }, { kind: 'dense', inputs: 4, units: 3 }, { kind: 'relu' }, { kind: 'dense', inputs: 3, units: 2 }, { kind: 'softmax' }]
      })
      // x = [1, 2, 3, 5]: h = [1, 3, -2], r = [1, 3, 0], z = [1.5, 2.5]
      const [y] = net.forward(params, Tensor.generate([1, 2, 2] as [number, 2, 2], (i) => [1, 2, 3, 5][i]!), Layer.evalCtx)
      const e = [Math.exp(1.5), Math.exp(2.5)]
      expect(Tensor.toArray(y)[0]).toBeCloseTo(e[0]! / (e[0]! + e[1]!), 6)
    })

    it.each([
      ['a truncated file', (b: Uint8Array) => b.subarray(0, b.length - 40), /^not an ONNX model: truncated or not protobuf \(/],
      ['text', () => new TextEncoder().encode('{"not": "onnx"}'), /^not an ONNX model: /],
      ['an empty file', () => new Uint8Array(0), /^not an ONNX model: no graph, no ai.onnx opset or no IR version$/]
    ])('should refuse %s', (_what, mangle, expected) => {
      const net = Layer.serial(Layer.input(3), Layer.dense(2))
      const bytes = right(Train.exportOnnx(net, net.init(Random.key(0))))
      expect(message(Train.importOnnx(mangle(bytes)))).toMatch(expected)
    })

    it('should refuse an unsupported operator, naming it and its node', () => {
      const bytes = graphOf([op('fc', 'MatMul', ['x', 'W'], 'h'), op('lrn_1', 'LRN', ['h'], 'y')], [raw('W', [2, 2], [1, 2, 3, 4])], [2])
      expect(message(Train.importOnnx(bytes))).toBe('node 1 "lrn_1" (LRN): unsupported operator LRN')
    })

    it.each([
      [
        'a branch',
        [op('a', 'Relu', ['x'], 'h'), op('b', 'Relu', ['x'], 'y')],
        [] as ReadonlyArray<Train.OnnxTensor>,
        'node 1 "b" (Relu): takes "x", not the previous stage\'s output "h" (only a chain of stages is supported)'
      ],
      ['weights of the wrong shape', [op('fc', 'Gemm', ['x', 'W'], 'y')], [raw('W', [3, 2], [1, 2, 3, 4, 5, 6])], 'node 0 "fc" (Gemm): weights W take 3 inputs, but the stage before gives [2]'],
      ['weights of another dtype', [op('fc', 'MatMul', ['x', 'W'], 'y')], [{ name: 'W', dims: [2, 2], dataType: 11, doubleData: [1, 2, 3, 4] }], 'tensor W: expected data type FLOAT (1) like the graph input, found 11'],
      ['weights that are not constants', [op('fc', 'MatMul', ['x', 'W'], 'y')], [], 'node 0 "fc" (MatMul): input "W" is not a constant (initializer)'],
      ['an Add that is not a bias', [op('sum', 'Add', ['x', 'x'], 'y')], [], 'node 0 "sum" (Add): unsupported operator Add (other than the bias right after a MatMul)'],
      ['a Reshape that is not a flatten', [op('r', 'Reshape', ['x', 's'], 'y')], [{ name: 's', dims: [2], dataType: 7, int64Data: [1, 2] }], 'node 0 "r" (Reshape): reshape to [1, 2]; only reshaping each example of [batch, 2] (2 values) to [batch, ...] is supported']
    ])('should refuse %s, naming the node or tensor', (_what, nodes, inits, expected) => {
      expect(message(Train.importOnnx(graphOf(nodes, inits, [2])))).toBe(expected)
    })

    const W = raw('W', [2, 1, 3, 3], Array.from({ length: 18 }, (_, i) => i))
    const ints = (name: string, v: ReadonlyArray<number>): Train.OnnxAttribute => ({ name, type: 7, ints: v })
    const int = (name: string, v: number): Train.OnnxAttribute => ({ name, type: 2, i: v })
    it.each([
      ['a grouped convolution', [op('c', 'Conv', ['x', 'W'], 'y', [int('group', 2)])], 'node 0 "c" (Conv): group = 2; only group = 1 is supported'],
      ['a dilated convolution', [op('c', 'Conv', ['x', 'W'], 'y', [ints('dilations', [2, 2])])], 'node 0 "c" (Conv): dilations = 2, 2; only dilations = 1 is supported'],
      [
        'padding different at the two ends',
        [op('c', 'Conv', ['x', 'W'], 'y', [ints('pads', [1, 1, 0, 0])])],
        'node 0 "c" (Conv): pads [1, 1, 0, 0]; only the same padding at both ends of each axis, [pH, pW, pH, pW], is a conv2d'
      ],
      [
        'auto_pad',
        [op('c', 'Conv', ['x', 'W'], 'y', [{ name: 'auto_pad', type: 3, s: new TextEncoder().encode('SAME_UPPER') }])],
        'node 0 "c" (Conv): auto_pad = SAME_UPPER; only explicit pads (NOTSET) are supported'
      ],
      [
        'filters of another channel count',
        [op('c', 'Conv', ['x', 'V'], 'y')],
        'node 0 "c" (Conv): weights V [2, 3, 3, 3] take images of 3 channels [batch, 3, height, width], but the stage before gives [batch, 1, 5, 5]'
      ],
      ['a kernel larger than the image', [op('c', 'Conv', ['x', 'B'], 'y')], 'node 0 "c" (Conv): the 6×6 window is larger than the padded input 5×5 (5×5 with padding 0×0)'],
      ['a padded pool', [op('p', 'MaxPool', ['x'], 'y', [ints('kernel_shape', [2, 2]), ints('pads', [1, 1, 1, 1])])], "node 0 \"p\" (MaxPool): pads [1, 1, 1, 1]; kanzen's pooling has no padding"],
      [
        'a pool that rounds up',
        [op('p', 'AveragePool', ['x'], 'y', [ints('kernel_shape', [2, 2]), int('ceil_mode', 1)])],
        "node 0 \"p\" (AveragePool): ceil_mode = 1; kanzen's pooling floors the output size (ceil_mode = 0)"
      ],
      ['a pool without kernel_shape', [op('p', 'MaxPool', ['x'], 'y')], 'node 0 "p" (MaxPool): expected kernel_shape of two sizes [KH, KW], found []'],
      [
        'a reshape that moves values across examples',
        [op('r', 'Reshape', ['x', 's'], 'y')],
        'node 0 "r" (Reshape): reshape to [5, 5]; only reshaping each example of [batch, 1, 5, 5] (25 values) to [batch, ...] is supported'
      ]
    ])('should refuse %s in a CNN, naming the node', (_what, nodes, expected) => {
      const inits = [W, raw('V', [2, 3, 3, 3], Array.from({ length: 54 }, () => 0)), raw('B', [1, 1, 6, 6], Array.from({ length: 36 }, () => 0)), { name: 's', dims: [2], dataType: 7, int64Data: [5, 5] }]
      expect(message(Train.importOnnx(graphOf(nodes, inits, [1, 5, 5])))).toBe(expected)
    })

    it('should refuse a graph whose output is not the end of the chain', () => {
      const bytes = graphOf([op('a', 'Relu', ['x'], 'h')], [], [2])
      expect(message(Train.importOnnx(bytes))).toBe('the graph\'s output "y" is not the end of its chain of nodes ("h")')
    })
  })

  describe('shortestFloat32', () => {
    it.each([0.01, 0.3, 0.2, 1e-3, 0.5])('should read float32(%s) back as %s', (x) => {
      expect(Train.shortestFloat32(Math.fround(x))).toBe(x)
    })
  })
})

describeWithSharedData('import-onnx of the CNN (1,000 MNIST test images)', (dir) => {
  it('should compute the same outputs as the network exported', () => {
    const read = (f: string) => readFileSync(join(dir, 'mnist', f))
    const test = right(
      E.mapLeft((es: Data.DataErrors) => ({ message: es.map(Data.showDataError).join('; ') }))(
        Data.decodeMnist(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'), { inflate: gunzip })
      )
    )
    const x = Tensor.generate([1000, 784] as [number, 784], (i) => test.images.data[i]!)
    const params = cnn.init(Random.key(8))
    const back = right(E.flatMap(Train.importOnnx)(Train.exportOnnx(cnn, params)))
    const [mine] = cnn.forward(params, x, Layer.evalCtx)
    const [theirs] = back.net.forward(back.params, x, Layer.evalCtx)
    expect(theirs.shape).toEqual([1000, 10])
    expect(bytesOf(theirs).equals(bytesOf(mine))).toBe(true)
  })
})

describe('import-onnx: BatchNormalization', () => {
  const net = Layer.serial(Layer.input([2, 3, 3]), Layer.conv2d({ filters: 3, kernel: 2 }), Layer.batchNorm(), Layer.relu(), Layer.flatten(), Layer.dense(4), Layer.batchNorm({ momentum: 0.05, epsilon: 1e-3 }))
  const params = net.init(Random.key(1))
  const [, tape] = net.forward(params, Random.normal(Random.key(2), [5, 2, 3, 3] as [number, 2, 3, 3]), Layer.trainCtx(Random.key(3)))
  const state = net.nextState!(Layer.initialState(net)!, tape)
  const bnInits = [raw('g', [2], [1, 2]), raw('b', [2], [0, 1]), raw('m', [2], [0.5, -1]), raw('v', [2], [1, 4])]
  const bnOp = (attribute: ReadonlyArray<Train.OnnxAttribute> = [], outputs: ReadonlyArray<string> = ['y']) => ({ ...op('bn', 'BatchNormalization', ['x', 'g', 'b', 'm', 'v'], 'y', attribute), output: outputs })

  it('should give back batch norm with its momentum and epsilon, the parameters and the running statistics byte for byte', () => {
    const back = right(E.flatMap(Train.importOnnx)(Train.exportOnnx(net, params, state)))
    expect(Layer.specsOf(back.net)).toEqual(Layer.specsOf(net))
    expect(Tree.leaves(back.params).map(([p, t]) => [p, bytesOf(t).toString('hex')])).toEqual(Tree.leaves(params).map(([p, t]) => [p, bytesOf(t).toString('hex')]))
    expect(Tree.leaves(back.state, 'state').map(([p, t]) => [p, bytesOf(t).toString('hex')])).toEqual(Tree.leaves(state, 'state').map(([p, t]) => [p, bytesOf(t).toString('hex')]))
    const x = Random.normal(Random.key(4), [3, 2, 3, 3] as [number, 2, 3, 3])
    expect(Tensor.toArray(Layer.predict(back.net, back.params, x, { state: back.state }))).toEqual(Tensor.toArray(Layer.predict(net, params, x, { state })))
    // a network without batch norm imports without state
    expect(right(E.flatMap(Train.importOnnx)(Train.exportOnnx(cnn, cnn.init(Random.key(0))))).state).toBeUndefined()
  })
  it("should read other exporters' BatchNormalization: ONNX's default momentum 0.9 is kanzen's 0.1, and epsilon as written", () => {
    const back = right(Train.importOnnx(graphOf([bnOp([{ name: 'epsilon', type: 1, f: 1e-5 }])], bnInits, [2])))
    expect(Layer.specsOf(back.net)).toEqual({ specs: [{ kind: 'batchNorm', features: 2, momentum: 0.1, epsilon: 1e-5 }] })
    expect(Tree.leaves(back.state, 'state').map(([p, t]) => [p, Tensor.toArray(t)])).toEqual([['state[0].mean', [0.5, -1]], ['state[0].variance', [1, 4]]])
  })
  it.each([
    ['the training outputs', bnOp([], ['y', 'rm', 'rv']), bnInits, [2], 'node 0 "bn" (BatchNormalization): the training outputs (running mean and variance) are not supported; only inference'],
    ['training_mode = 1', bnOp([{ name: 'training_mode', type: 2, i: 1 }]), bnInits, [2], 'node 0 "bn" (BatchNormalization): training_mode = 1; only the inference form (training_mode = 0) is supported'],
    ['statistics per position (spatial = 0)', bnOp([{ name: 'spatial', type: 2, i: 0 }]), bnInits, [2], 'node 0 "bn" (BatchNormalization): spatial = 0 (statistics per position) is not supported; batchNorm keeps one per channel'],
    ['a mean of another width', bnOp(), [...bnInits.slice(0, 2), raw('m', [3], [0, 0, 0]), bnInits[3]!], [2], 'tensor m: expected shape [2], found [3]'],
    ['a negative variance', bnOp(), [...bnInits.slice(0, 3), raw('v', [2], [1, -4])], [2], 'tensor v: a variance must not be negative'],
    ['a rank it does not normalise', bnOp(), bnInits, [2, 5], 'node 0 "bn" (BatchNormalization): normalises features [batch, F] or images [batch, C, H, W], but the stage before gives [batch, 2, 5]']
  ] as const)('should refuse %s, naming the node or tensor', (_what, node, inits, row, expected) => {
    expect(message(Train.importOnnx(graphOf([node], inits, row)))).toBe(expected)
  })
})
