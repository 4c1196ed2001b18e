/**
 * `npm run predict` against hostile input (issue 16): every size checked before anything is
 * allocated, non-finite parameters refused, messages short, and nothing that is not a regular file
 * read. The fixtures are written here, from the format descriptions and the library's own encoder.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Tensor, Train } from '../../src/index.js'
import { describeModel, mnistNetwork, templateState, withOptimizer } from '../../scripts/lib/mnist-model.js'
import { png } from '../support/png.js'
import { isCleanFailure, runScript } from '../support/run-script.js'

const dir = mkdtempSync(join(tmpdir(), 'kanzen-predict-'))
const file = (name: string, bytes: Uint8Array | string): string => {
  const f = join(dir, name)
  writeFileSync(f, bytes)
  return f
}

// A real checkpoint of a small MNIST MLP (784-4-10, Adam), as `npm run mnist` would write it.
const model = { model: 'mnist-mlp', hidden: [4], optimizer: 'adam' } as const
const good = withOptimizer('adam', 1e-3, (tx) => Train.saveCheckpoint(describeModel(model), templateState(mnistNetwork([4]), tx)))

// Safetensors bytes with the given metadata and tensors (the library's encoder: a well-formed file).
const withMetadata = (network: string): Uint8Array => Train.encodeSafeTensors({ tensors: [['params[0].w', Tensor.zeros([2, 2])]], metadata: { network } })

// The good checkpoint with one parameter replaced by `value`: re-encoded by hand, since the decoder refuses it.
const poisoned = (value: number): Uint8Array => {
  const st = Train.decodeSafeTensors(good)
  if (E.isLeft(st)) throw new Error(st.left.message)
  const tensors = st.right.tensors.map(([n, x]) => [n, n === 'params[0].w' ? Tensor.generate(x.shape, (i) => (i === 3 ? value : x.data[i]!)) : x] as const)
  return Train.encodeSafeTensors({ tensors, metadata: st.right.metadata })
}

const predict = (...args: ReadonlyArray<string>) => runScript('predict', args)

describe('predict (script)', () => {
  it('should predict a digit from a PNG with a good checkpoint', () => {
    const digit = png(28, 28, Uint8Array.from({ length: 29 * 28 }, (_, i) => (i % 29 > 10 && i % 29 < 18 ? 255 : 0))) // a bright bar on black, filter byte 0 per row
    const r = predict('--checkpoint', file('good.safetensors', good), '--image', file('digit.png', digit))
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/digit\.png: predicted digit \d/)
  })

  it.each([
    ['a width of 5,000,000,000', describeModel({ ...model, hidden: [5000000000] }), /describes hidden layers \[5000000000\] beyond the limits \(at most 100 layers of width at most 100000\)$/],
    ['widths of 8000, 8000 that the file does not hold', describeModel({ ...model, hidden: [8000, 8000] }), /the network it describes has 70,368,010 parameters, but the file holds only 4 values: its description does not match its tensors$/]
  ])('should refuse metadata naming %s before building the network', (_what, network, message) => {
    const r = predict('--checkpoint', file('wide.safetensors', withMetadata(network)), '--index', '0')
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr.trim()).toMatch(message)
  })

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Infinity]
  ])('should refuse a checkpoint whose parameters hold %s, naming the tensor', (what, value) => {
    const r = predict('--checkpoint', file(`${what}.safetensors`, poisoned(value)), '--index', '0')
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toContain(`tensor params[0].w: 1 of 3136 values are not finite (the first, at index 3, is ${what}); the checkpoint is damaged`)
  })

  it('should keep a message short: a header with 200 bad fields, a raw header with newlines', () => {
    const fields = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`t${i}`, { dtype: 'F16\n\n' }]))
    const json = JSON.stringify(fields)
    const bytes = Buffer.alloc(8 + json.length)
    bytes.writeUInt32LE(json.length, 0)
    bytes.write(json, 8)
    const r = predict('--checkpoint', file('bad-fields.safetensors', bytes), '--index', '0')
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr.length).toBeLessThanOrEqual(501)
    expect(r.stderr).toMatch(/found "F16\\n\\n"/)
    expect(r.stderr).toMatch(/… and \d+ more/)
    const noisy = predict('--checkpoint', file('noisy.safetensors', withMetadata(`line one\nline two\n${'x'.repeat(5000)}`)), '--index', '0')
    expect(isCleanFailure(noisy), noisy.stderr).toBe(true)
    expect(noisy.stderr).toContain('the checkpoint is of network "line one\\nline two\\nxxx')
    expect(noisy.stderr.length).toBeLessThanOrEqual(501)
  })

  it('should refuse a deeply nested header without overflowing the stack', () => {
    const json = `{"w":${'['.repeat(100000)}${']'.repeat(100000)}}`
    const bytes = Buffer.alloc(8 + json.length)
    bytes.writeUInt32LE(json.length, 0)
    bytes.write(json, 8)
    const r = predict('--checkpoint', file('deep.safetensors', bytes), '--index', '0')
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toContain('found an array of 1')
  })

  it('should refuse a named pipe or a folder given as a file, at once', () => {
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const r = predict('--checkpoint', fifo, '--index', '0')
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr.trim()).toBe(`predict: ${fifo}: is a named pipe, not a regular file`)
    const image = predict('--checkpoint', file('good2.safetensors', good), '--image', fifo)
    expect(image.stderr.trim()).toBe(`predict: ${fifo}: is a named pipe, not a regular file`)
    const folder = predict('--checkpoint', dir, '--index', '0')
    expect(folder.stderr.trim()).toBe(`predict: ${dir}: is a folder, not a regular file`)
  })

  it('should refuse a small PNG that declares 5000 × 5000 pixels before decoding it', () => {
    const bomb = png(5000, 5000, new Uint8Array(5001 * 5000))
    expect(bomb.length).toBeLessThan(100_000)
    const r = predict('--checkpoint', file('good3.safetensors', good), '--image', file('bomb.png', bomb))
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toContain('bomb.png: 5000 × 5000 pixels is more than the limit of 16,777,216 pixels')
  })
})
