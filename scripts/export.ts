/**
 * `npm run export -- --checkpoint FILE --onnx FILE` and/or `--torch FILE`: write a model saved by
 * `npm run mnist` (the MLP, or the CNN of `--model cnn`) as an ONNX model (for onnxruntime: servers, GPUs, browsers) and/or as safetensors
 * in PyTorch's `state_dict` layout, and print the PyTorch lines that load it. The checkpoint says
 * which network it holds; any other network is refused (one line, exit code 2).
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { Train } from '../src/index.js'
import { writeFileAtomic } from './lib/checkpoint-file.js'
import { fail, runMain } from './lib/cli.js'
import type { Values } from './lib/cli.js'
import { torchLines } from './lib/torch-lines.js'
import { networkOf, parseMnistModel, templateState, withOptimizer } from './lib/mnist-model.js'
import type { MnistState } from './lib/mnist-model.js'
import type { MnistParams } from './lib/mnist-model.js'

const script = 'export'
const options = {
  checkpoint: { type: 'string', default: 'out/mnist/model.safetensors', value: 'FILE', help: 'a checkpoint written by npm run mnist' },
  onnx: { type: 'string', value: 'FILE', help: 'write the network as an ONNX model (opset 13) here' },
  torch: { type: 'string', value: 'FILE', help: "write the parameters as safetensors in PyTorch's state_dict layout here" }
} as const

const validate = (o: Values<typeof options>) => {
  if (o.onnx === undefined && o.torch === undefined) return fail(script, 'give --onnx FILE, --torch FILE or both')
  return { file: o.checkpoint ?? 'out/mnist/model.safetensors', onnx: o.onnx, torch: o.torch }
}

const run = ({ file, onnx, torch }: ReturnType<typeof validate>): void => {
  const { net, params, state } = loadMnistModel(file)
  if (onnx !== undefined) {
    const bytes = orFail(Train.exportOnnx(net, params, state))
    write(onnx, bytes)
    console.log(`${onnx}: ONNX model, opset ${Train.onnxOpset}, input "input" [batch, ${net.inputRow.join(', ')}] → output "output" [batch, ${net.outputRow.join(', ')}], ${bytes.length} bytes`)
  }
  if (torch !== undefined) {
    const bytes = orFail(Train.exportTorch(net, params, state))
    write(torch, bytes)
    const sequential = orFail(Train.torchSequential(net))
    console.log(`${torch}: PyTorch state_dict in safetensors, ${bytes.length} bytes; load it with`)
    console.log(torchLines(sequential, torch).map((l) => `  ${l}`).join('\n'))
  }
}

// The network a checkpoint of npm run mnist describes, and its parameters checked against it.
const loadMnistModel = (file: string) => {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(file)
  } catch (e) {
    return fail(script, `cannot read ${file} (${e instanceof Error ? e.message : String(e)})`)
  }
  const header = Train.decodeSafeTensors(bytes)
  if (E.isLeft(header)) return fail(script, `${file}: ${header.left.message}`)
  const network = header.right.metadata['network'] ?? ''
  const model = parseMnistModel(network)
  if (E.isLeft(model)) return fail(script, `${file}: ${model.left}`)
  const net = networkOf(model.right)
  const loaded = withOptimizer(model.right.optimizer, 1e-3, (tx) =>
    E.map((s: Train.TrainState<MnistParams, unknown, MnistState>) => ({ net, params: s.params, state: s.state }))(Train.loadCheckpoint(network, templateState(net, tx))(bytes))
  )
  if (E.isLeft(loaded)) return fail(script, `${file}: ${loaded.left.message}`)
  return loaded.right
}

const orFail = <A>(e: E.Either<{ readonly message: string }, A>): A => (E.isLeft(e) ? fail(script, e.left.message) : e.right)

const write = (file: string, bytes: Uint8Array): void => {
  const r = writeFileAtomic(file, bytes)
  if (E.isLeft(r)) fail(script, r.left)
}

runMain({ name: script, summary: 'Export a model saved by npm run mnist to ONNX and/or PyTorch safetensors.', options, validate, run })
