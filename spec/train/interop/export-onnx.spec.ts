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

describe('export-onnx', () => {
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
