/**
 * ONNX export: the graph it writes (opset, operators, initializers, shapes), its refusal of layers
 * written by hand, and — in onnxruntime-node — agreement with kanzen's own forward pass on 1,000
 * real MNIST test images: within 1e-5 relative and with every argmax equal.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { Data, Layer, Loss, Optim, Random, Tensor, Train } from '../../../src/index.js'
import { gunzip } from '../../../src/node/index.js'
import type { Ort } from '../../support/onnxruntime.js'
import { describeWithOrt } from '../../support/onnxruntime.js'
import { describeWithSharedData } from '../../support/run-script.js'

const right = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}

// Every stage kind the exporter knows, on an image input.
const everyKind = Layer.serial(
  Layer.input([28, 28]),
  Layer.flatten(),
  Layer.dense(64),
  Layer.leakyRelu(0.01),
  Layer.dropout(0.3),
  Layer.dense(32),
  Layer.tanh(),
  Layer.dense(16),
  Layer.sigmoid(),
  Layer.identity(),
  Layer.relu(),
  Layer.dense(10),
  Layer.softmax()
)

// The CNN of the agreement spec: every conv kind, a stride-2 convolution and an average pool.
// Sizes: 28 → conv (pad 1) 28 → pool 14 → conv (stride 2) 6 → avg-pool 3; 8·3·3 = 72 → 10.
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

describe('export-onnx', () => {
  describe('onnxModelOf (CNN)', () => {
    const model = right(Train.onnxModelOf(cnn, cnn.init(Random.key(1))))
    const nodes = model.graph?.node ?? []
    const ints = (op: string, name: string) => nodes.find((n) => n.opType === op)?.attribute.find((a) => a.name === name)?.ints
    it('should write Reshape, Conv, MaxPool, AveragePool in order', () => {
      expect(nodes.map((n) => n.opType)).toEqual(['Reshape', 'Conv', 'Relu', 'MaxPool', 'Conv', 'AveragePool', 'Flatten', 'Gemm'])
    })
    it('should reshape to [-1, 1, 28, 28] with an int64 initializer', () => {
      expect(model.graph?.initializer.find((t) => t.name === 'params[0].shape')).toMatchObject({ dims: [4], dataType: 7, int64Data: [-1, 1, 28, 28] })
    })
    it('should keep the filters as [F, C, KH, KW] with a bias [F], and write pads as [pH, pW, pH, pW]', () => {
      const w = model.graph?.initializer.find((t) => t.name === 'params[4].w')
      expect(w?.dims).toEqual([8, 4, 3, 3])
      expect(w?.rawData?.length).toBe(8 * 4 * 3 * 3 * 4)
      expect(model.graph?.initializer.find((t) => t.name === 'params[4].b')?.dims).toEqual([8])
      expect(nodes[1]?.input).toEqual(['stage0', 'params[1].w', 'params[1].b'])
      expect(nodes[1]?.attribute.map((a) => [a.name, a.ints])).toEqual([['kernel_shape', [3, 3]], ['strides', [1, 1]], ['pads', [1, 1, 1, 1]]])
      expect(ints('Conv', 'pads')).toEqual([1, 1, 1, 1])
      expect(nodes[4]?.attribute.find((a) => a.name === 'strides')?.ints).toEqual([2, 2])
    })
    it('should pool without padding, flooring the size, as kanzen does', () => {
      expect(ints('MaxPool', 'kernel_shape')).toEqual([2, 2])
      expect(ints('MaxPool', 'strides')).toEqual([2, 2])
      expect(ints('AveragePool', 'pads')).toEqual([0, 0, 0, 0])
      expect(nodes.find((n) => n.opType === 'AveragePool')?.attribute.find((a) => a.name === 'ceil_mode')?.i).toBe(0)
    })
    it('should write non-square kernels, strides and paddings axis by axis', () => {
      const net = Layer.serial(Layer.input([2, 5, 6]), Layer.conv2d({ filters: 3, kernel: [2, 3], stride: [1, 2], padding: [1, 0] }), Layer.maxPool2d({ size: [2, 1] }))
      const m = right(Train.onnxModelOf(net, net.init(Random.key(0))))
      expect(m.graph?.node.map((n) => n.attribute.map((a) => `${a.name}=${(a.ints ?? [a.i]).join(',')}`).join(' '))).toEqual([
        'kernel_shape=2,3 strides=1,2 pads=1,0,1,0',
        'kernel_shape=2,1 strides=2,1 pads=0,0,0,0 ceil_mode=0'
      ])
    })
  })

  describe('onnxModelOf', () => {
    const model = right(Train.onnxModelOf(everyKind, everyKind.init(Random.key(1))))
    it('should write opset 13 and one operator per stage, in order', () => {
      expect(model.opsetImport).toEqual([{ domain: '', version: 13 }])
      expect(model.graph?.node.map((n) => n.opType)).toEqual([
        'Flatten', 'Gemm', 'LeakyRelu', 'Dropout', 'Gemm', 'Tanh', 'Gemm', 'Sigmoid', 'Identity', 'Relu', 'Gemm', 'Softmax'
      ])
    })
    it('should chain each node to the one before, from input to output', () => {
      const nodes = model.graph?.node ?? []
      expect(nodes[0]?.input[0]).toBe('input')
      nodes.slice(1).forEach((n, i) => expect(n.input[0]).toBe(nodes[i]?.output[0]))
      expect(nodes.at(-1)?.output).toEqual(['output'])
    })
    it('should name the weights by their checkpoint paths, in kanzen layout [in, out]', () => {
      const w = model.graph?.initializer.find((t) => t.name === 'params[1].w')
      expect(w?.dims).toEqual([784, 64])
      expect(w?.rawData?.length).toBe(784 * 64 * 4)
      expect(model.graph?.initializer.find((t) => t.name === 'params[3].ratio')?.floatData).toEqual([0.3])
    })
    it('should declare the input [batch, 28, 28] and output [batch, 10] as float', () => {
      const dims = (v: Train.OnnxValueInfo | undefined) => v?.type?.tensorType?.shape?.dim.map((d) => d.dimParam ?? d.dimValue)
      expect(dims(model.graph?.input[0])).toEqual(['batch', 28, 28])
      expect(dims(model.graph?.output[0])).toEqual(['batch', 10])
      expect(model.graph?.input[0]?.type?.tensorType?.elemType).toBe(1)
    })
  })

  describe('exportOnnx', () => {
    it('should refuse a layer written by hand, naming it', () => {
      const built = Layer.build(Layer.input(3), Layer.relu())
      const { spec: _spec, ...handWritten } = built
      const net = Layer.serial(Layer.input(3), Layer.dense(3), { ...handWritten, name: 'mine' })
      expect(Train.exportOnnx(net, net.init(Random.key(0)))).toEqual(
        E.left({
          _tag: 'InteropError',
          message: "layer mine at params[1] has no stage description (written by hand?): ONNX export knows the library's layers only"
        })
      )
    })
    it('should be deterministic: the same network and parameters give the same bytes', () => {
      const p = everyKind.init(Random.key(2))
      expect(Buffer.from(right(Train.exportOnnx(everyKind, p))).equals(Buffer.from(right(Train.exportOnnx(everyKind, p))))).toBe(true)
    })
  })
})

// What the closing note reports: the largest difference of an output row relative to that row's
// largest magnitude (over all rows), and how many argmaxes agree.
const agreement = async (ort: Ort, bytes: Uint8Array, x: Tensor.AnyTensor, mine: Tensor.AnyTensor) => {
  const session = await ort.InferenceSession.create(bytes)
  const feed = x.dtype === 'float64' ? Float64Array.from(x.data) : Float32Array.from(x.data)
  const out = (await session.run({ input: new ort.Tensor(x.dtype, feed, [...x.shape]) }))['output']!
  expect(out.dims).toEqual(mine.shape)
  const [rows, k] = [mine.shape[0]!, mine.size / mine.shape[0]!]
  let worst = 0
  let agree = 0
  for (let r = 0; r < rows; r++) {
    let [scale, diff, am, bm] = [0, 0, 0, 0]
    for (let j = 0; j < k; j++) {
      const [a, b] = [out.data[r * k + j]!, mine.data[r * k + j]!]
      scale = Math.max(scale, Math.abs(b))
      diff = Math.max(diff, Math.abs(a - b))
      if (a > out.data[r * k + am]!) am = j
      if (b > mine.data[r * k + bm]!) bm = j
    }
    worst = Math.max(worst, diff / scale)
    if (am === bm) agree++
  }
  return { relative: worst, agree, rows, bytes: bytes.length }
}

describeWithSharedData('export-onnx in onnxruntime (1,000 MNIST test images)', (dir) => {
  describeWithOrt('onnxruntime-node agreement', (ort) => {
    let test: Data.Mnist
    beforeAll(() => {
      const read = (f: string) => readFileSync(join(dir, 'mnist', f))
      test = right(E.mapLeft((es: Data.DataErrors) => ({ message: es.map(Data.showDataError).join('; ') }))(
        Data.decodeMnist(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'), { inflate: gunzip })
      ))
    })
    const first = (n: number, from = 0) => Tensor.generate([n, 784] as [number, 784], (i) => test.images.data[from * 784 + i]!)

    it('should agree on a briefly trained 784-64-10 MLP (logits)', async () => {
      const net = Layer.serial(Layer.input(784), Layer.dense(64), Layer.relu(), Layer.dense(10))
      const tx = Optim.adam<ReturnType<typeof net.init>>(1e-3)
      const step = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)
      // 40 steps of 100 on test images 1,000–4,999 (the 1,000 compared are not among them).
      const x = first(4000, 1000)
      const y = Tensor.generate([4000, 10] as [number, 10], (i) => (test.labels[1000 + Math.floor(i / 10)] === i % 10 ? 1 : 0))
      const epochOf = pipe(Train.dataset({ x, y }), E.flatMap((d) => Train.epochs(100)(d)), right)
      const state = Train.fold(step, Train.initState(net.init(Random.key(3)), tx, Random.key(4)))(epochOf(Random.key(5), 1))
      const [mine] = net.forward(state.params, first(1000), Layer.evalCtx)
      const accuracy = Array.from(Tensor.argmax(mine)).filter((d, i) => d === test.labels[i]).length / 1000
      const r = await agreement(ort, right(Train.exportOnnx(net, state.params)), first(1000), mine)
      console.info(`784-64-10 MLP (test accuracy ${accuracy}): max relative difference ${r.relative.toExponential(2)}, argmax ${r.agree}/${r.rows}, ${r.bytes} bytes`)
      expect(accuracy).toBeGreaterThan(0.8)
      expect(r.relative).toBeLessThan(1e-5)
      expect(r.agree).toBe(1000)
    })

    it('should agree on a network of every stage kind on [28, 28] images (probabilities)', async () => {
      const params = everyKind.init(Random.key(6))
      const x = Tensor.generate([1000, 28, 28] as [number, 28, 28], (i) => test.images.data[i]!)
      const [mine] = everyKind.forward(params, x, Layer.evalCtx)
      const r = await agreement(ort, right(Train.exportOnnx(everyKind, params)), x, mine)
      console.info(`every-kind network (seeded init): max relative difference ${r.relative.toExponential(2)}, argmax ${r.agree}/${r.rows}, ${r.bytes} bytes`)
      expect(r.relative).toBeLessThan(1e-5)
      expect(r.agree).toBe(1000)
    })

    it('should agree on a CNN: reshape, conv2d (pad 1), ReLU, max-pool, conv2d (stride 2), avg-pool, flatten, dense (seeded init)', async () => {
      const params = cnn.init(Random.key(8))
      const [mine] = cnn.forward(params, first(1000), Layer.evalCtx)
      const r = await agreement(ort, right(Train.exportOnnx(cnn, params)), first(1000), mine)
      console.info(`CNN conv4-conv8-10 (seeded init): max relative difference ${r.relative.toExponential(2)}, argmax ${r.agree}/${r.rows}, ${r.bytes} bytes`)
      expect(r.relative).toBeLessThan(1e-5)
      expect(r.agree).toBe(1000)
    })

    it('should agree on a conv2d with a non-square kernel, stride and padding (axis order)', async () => {
      const net = Layer.serial(
        Layer.input([1, 28, 28]),
        Layer.conv2d({ filters: 3, kernel: [2, 3], stride: [1, 2], padding: [1, 0] }),
        Layer.maxPool2d({ size: [2, 1] }),
        Layer.tanh(),
        Layer.flatten(),
        Layer.dense(10)
      )
      const params = net.init(Random.key(9))
      const x = Tensor.generate([1000, 1, 28, 28] as [number, 1, 28, 28], (i) => test.images.data[i]!)
      const [mine] = net.forward(params, x, Layer.evalCtx)
      const r = await agreement(ort, right(Train.exportOnnx(net, params)), x, mine)
      console.info(`non-square conv2d (seeded init): max relative difference ${r.relative.toExponential(2)}, argmax ${r.agree}/${r.rows}, ${r.bytes} bytes`)
      expect(r.relative).toBeLessThan(1e-5)
      expect(r.agree).toBe(1000)
    })

    it('should agree on a float64 MLP', async () => {
      const net = Layer.serial(Layer.input(784, 'float64'), Layer.dense(32), Layer.tanh(), Layer.dense(10), Layer.softmax())
      const params = net.init(Random.key(7))
      const x = Tensor.generate([1000, 784] as [number, 784], (i) => test.images.data[i]!, 'float64')
      const [mine] = net.forward(params, x, Layer.evalCtx)
      const r = await agreement(ort, right(Train.exportOnnx(net, params)), x, mine)
      console.info(`float64 784-32-10 MLP (seeded init): max relative difference ${r.relative.toExponential(2)}, argmax ${r.agree}/${r.rows}, ${r.bytes} bytes`)
      expect(r.relative).toBeLessThan(1e-12)
      expect(r.agree).toBe(1000)
    })
  })
})

// Batch normalisation after a convolution (per channel) and after a dense layer (per feature),
// with running statistics from a few training steps, so that eval mode differs from the initial state.
const bnCnn = Layer.serial(
  Layer.input([1, 8, 8]),
  Layer.conv2d({ filters: 4, kernel: 3, padding: 1 }),
  Layer.batchNorm(),
  Layer.relu(),
  Layer.maxPool2d({ size: 2 }),
  Layer.flatten(),
  Layer.dense(6),
  Layer.batchNorm({ momentum: 0.3, epsilon: 1e-3 }),
  Layer.tanh(),
  Layer.dense(3)
)
const bnTrained = () => {
  const tx = Optim.adam<ReturnType<typeof bnCnn.init>>(0.01)
  const x = Random.normal(Random.key(11), [64, 1, 8, 8] as [number, 1, 8, 8], { mean: 2, std: 3 })
  const y = Tensor.generate([64, 3] as [number, 3], (i) => (Math.floor(i / 3) % 3 === i % 3 ? 1 : 0))
  const s0 = Train.initState(bnCnn.init(Random.key(12)), tx, Random.key(13), Layer.initialState(bnCnn))
  return Train.fold(Train.trainStep(bnCnn, Loss.softmaxCrossEntropy, tx), s0)(Array.from({ length: 5 }, () => ({ x, y })))
}

describe('export-onnx: batch normalisation', () => {
  const trained = bnTrained()
  const model = right(Train.onnxModelOf(bnCnn, trained.params, trained.state))
  const nodes = model.graph?.node ?? []
  it('should write BatchNormalization(x, scale, B, input_mean, input_var) with epsilon and ONNX\'s momentum (1 − kanzen\'s)', () => {
    expect(nodes.map((n) => n.opType)).toEqual(['Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'BatchNormalization', 'Tanh', 'Gemm'])
    expect(nodes[1]?.input).toEqual(['stage0', 'params[1].gamma', 'params[1].beta', 'state[1].mean', 'state[1].variance'])
    expect(nodes[6]?.attribute.map((a) => [a.name, Math.fround(a.f ?? Number.NaN)])).toEqual([['epsilon', Math.fround(1e-3)], ['momentum', Math.fround(0.7)]])
    const mean = model.graph?.initializer.find((t) => t.name === 'state[6].mean')
    expect(mean?.dims).toEqual([6])
    expect(Buffer.from(mean?.rawData ?? []).equals(Buffer.from(trained.state![6].mean.data.buffer))).toBe(true)
  })
  it('should refuse to export without the running statistics, naming the stage', () => {
    expect(Train.exportOnnx(bnCnn, trained.params)).toEqual(
      E.left({ _tag: 'InteropError', message: "state[1]: batchNorm's running statistics { mean, variance } are missing: pass the network's state (TrainState.state) to exportOnnx" })
    )
  })
  describeWithOrt('onnxruntime-node agreement (batch normalisation, eval mode)', (ort) => {
    it('should agree with kanzen in eval mode on the running statistics, float32', async () => {
      const x = Random.normal(Random.key(21), [200, 1, 8, 8] as [number, 1, 8, 8], { mean: 2, std: 3 })
      const mine = Layer.predict(bnCnn, trained.params, x, { state: trained.state })
      const r = await agreement(ort, right(Train.exportOnnx(bnCnn, trained.params, trained.state)), x, mine)
      console.info(`batch-norm CNN (5 Adam steps): max relative difference ${r.relative.toExponential(2)}, argmax ${r.agree}/${r.rows}, ${r.bytes} bytes`)
      expect(r.relative).toBeLessThan(1e-5)
      expect(r.agree).toBe(200)
    })
    it('should agree in float64 after a dense layer', async () => {
      const net = Layer.serial(Layer.input(5, 'float64'), Layer.dense(7), Layer.batchNorm(), Layer.relu(), Layer.dense(3))
      const params = net.init(Random.key(1))
      const [, tape] = net.forward(params, Random.normal(Random.key(2), [16, 5] as [number, 5], { dtype: 'float64', mean: 1, std: 4 }), Layer.trainCtx(Random.key(3)))
      const state = net.nextState!(Layer.initialState(net)!, tape)
      const x = Random.normal(Random.key(4), [100, 5] as [number, 5], { dtype: 'float64', mean: 1, std: 4 })
      const mine = Layer.predict(net, params, x, { state })
      const r = await agreement(ort, right(Train.exportOnnx(net, params, state)), x, mine)
      expect(r.relative).toBeLessThan(1e-12)
      expect(r.agree).toBe(100)
    })
  })
})
