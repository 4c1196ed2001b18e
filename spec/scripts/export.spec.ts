/**
 * Smoke spec of `npm run export`: a checkpoint of npm run mnist's kind (written here directly, no
 * training) becomes an ONNX model and a PyTorch-layout file that read back as the same network and
 * parameters; bad input is one clear line and exit code 2.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Layer, Optim, Random, Train } from '../../src/index.js'
import { describeModel, mnistNetwork, networkOf, templateState } from '../../scripts/lib/mnist-model.js'
import { defaultFilters } from '../../scripts/lib/mnist-cnn.js'
import type { MnistParams } from '../../scripts/lib/mnist-model.js'
import { torchLines } from '../../scripts/lib/torch-lines.js'
import { isCleanFailure, runScript } from '../support/run-script.js'

describe('export (script)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanzen-export-'))
  const checkpoint = join(dir, 'model.safetensors')
  const net = mnistNetwork([16])
  const state = { ...templateState(net, Optim.sgd<MnistParams>(0.1)), params: net.init(Random.key(9)) }
  writeFileSync(checkpoint, Train.saveCheckpoint(describeModel({ model: 'mnist-mlp', hidden: [16], optimizer: 'sgd' }), state))

  it('should write the ONNX model and the PyTorch file, and print the PyTorch lines', () => {
    const [onnx, torch] = [join(dir, 'model.onnx'), join(dir, 'model.torch.safetensors')]
    const r = runScript('export', ['--checkpoint', checkpoint, '--onnx', onnx, '--torch', torch])
    expect(r.status, r.stderr).toBe(0)
    const imported = Train.importOnnx(readFileSync(onnx))
    expect(E.map((m: Train.ImportedNetwork) => Layer.specsOf(m.net))(imported)).toEqual(E.right(Layer.specsOf(net)))
    const params = Train.importTorch(net, readFileSync(torch))
    expect(E.map((p: MnistParams) => Train.exportTorch(net, p))(params)).toEqual(E.right(Train.exportTorch(net, state.params)))
    expect(r.stdout).toContain(`${onnx}: ONNX model, opset 13, input "input" [batch, 784] → output "output" [batch, 10]`)
    expect(r.stdout).toContain('  model = nn.Sequential(nn.Linear(784, 16), nn.ReLU(), nn.Linear(16, 10))')
    expect(r.stdout).toContain(`  model.load_state_dict(load_file(${JSON.stringify(torch)}))`)
  })

  it('should export a CNN checkpoint of npm run mnist -- --model cnn: Conv, MaxPool, Reshape in ONNX, nn.Conv2d in the PyTorch lines', () => {
    const model = { model: 'mnist-cnn', filters: [4, 8], optimizer: 'adam' } as const
    const cnn = networkOf(model)
    const cnnState = { ...templateState(cnn, Optim.adam<MnistParams>(1e-3)), params: cnn.init(Random.key(10)) }
    const file = join(dir, 'cnn.safetensors')
    writeFileSync(file, Train.saveCheckpoint(describeModel(model), cnnState))
    const [onnx, torch] = [join(dir, 'cnn.onnx'), join(dir, 'cnn.torch.safetensors')]
    const r = runScript('export', ['--checkpoint', file, '--onnx', onnx, '--torch', torch])
    expect(r.status, r.stderr).toBe(0)
    const imported = Train.importOnnx(readFileSync(onnx))
    expect(E.map((m: Train.ImportedNetwork) => Layer.specsOf(m.net))(imported)).toEqual(E.right(Layer.specsOf(cnn)))
    const params = Train.importTorch(cnn, readFileSync(torch))
    expect(E.map((p: MnistParams) => Train.exportTorch(cnn, p))(params)).toEqual(E.right(Train.exportTorch(cnn, cnnState.params)))
    expect(r.stdout).toContain(`${onnx}: ONNX model, opset 13, input "input" [batch, 784] → output "output" [batch, 10]`)
    expect(r.stdout).toContain('  model = nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)), nn.MaxPool2d(')
  })

  it("should match the README's PyTorch lines for npm run mnist's default MLP and CNN", () => {
    const readme = readFileSync('README.md', 'utf8')
    const sequential = Train.torchSequential(mnistNetwork([512, 256]))
    expect(E.isRight(sequential)).toBe(true)
    for (const line of torchLines(E.isRight(sequential) ? sequential.right : '', 'out/mnist/model.torch.safetensors')) expect(readme).toContain(`\n${line}\n`)
    const cnn = Train.torchSequential(networkOf({ model: 'mnist-cnn', filters: defaultFilters, optimizer: 'adam' }))
    expect(E.isRight(cnn)).toBe(true)
    expect(readme).toContain(`\nmodel = ${E.isRight(cnn) ? cnn.right : ''}\n`)
  })

  it('should refuse a checkpoint of another network', () => {
    const other = join(dir, 'other.safetensors')
    writeFileSync(other, Train.saveCheckpoint('dense(4→3)', { ...state, params: {} }))
    const r = runScript('export', ['--checkpoint', other, '--onnx', join(dir, 'x.onnx')])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toContain('the checkpoint is of network "dense(4→3)", not an MNIST MLP or CNN saved by npm run mnist')
    expect(existsSync(join(dir, 'x.onnx'))).toBe(false)
  })

  it.each([
    [['--checkpoint', 'CHECKPOINT'], 'export: give --onnx FILE, --torch FILE or both'],
    [['--checkpoint', '/nonexistent-kanzen/model.safetensors', '--onnx', 'x.onnx'], 'export: cannot read /nonexistent-kanzen/model.safetensors'],
    [['--checkpoint', 'TRUNCATED', '--torch', 'x.safetensors'], 'export: TRUNCATED: truncated'],
    [['--checkpoint', 'CHECKPOINT', '--onnx', '/nonexistent-kanzen/x.onnx'], 'export: could not save /nonexistent-kanzen/x.onnx']
  ])('should refuse %j with one clear line and exit code 2', (args, message) => {
    const truncated = join(dir, 'truncated.safetensors')
    writeFileSync(truncated, readFileSync(checkpoint).subarray(0, 100))
    const fill = (s: string) => s.replace('CHECKPOINT', checkpoint).replace('TRUNCATED', truncated)
    const r = runScript('export', args.map(fill))
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toContain(fill(message))
  })
})
