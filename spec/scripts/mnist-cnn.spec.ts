/**
 * Smoke spec of `npm run mnist -- --model cnn` on a slice (a small CNN, one epoch), `npm run
 * predict` on its checkpoint, and the bad-input paths: a checkpoint of the other kind of network,
 * images of another size, an unknown --model — one clear line naming both shapes, exit code 2.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Data } from '../../src/index.js'
import { isCleanFailure, runScript } from '../support/run-script.js'

describe('mnist --model cnn (script)', () => {
  const out = mkdtempSync(join(tmpdir(), 'kanzen-mnist-cnn-'))
  const run = runScript('mnist', ['--model', 'cnn', '--filters', '4,8', '--limit', '640', '--epochs', '1', '--out', out])
  const mlpOut = mkdtempSync(join(tmpdir(), 'kanzen-mnist-mlp-'))
  const mlp = runScript('mnist', ['--limit', '500', '--epochs', '1', '--hidden', '16', '--out', mlpOut])

  it('should train on a slice and write the same outputs as the MLP run, with "model": "cnn"', () => {
    expect(run.status, run.stderr).toBe(0)
    expect(mlp.status, mlp.stderr).toBe(0)
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))
    const m2 = JSON.parse(readFileSync(join(mlpOut, 'metrics.json'), 'utf8'))
    expect(m.model).toBe('cnn')
    expect(m2.model).toBe('mlp')
    for (const k of Object.keys(m2).filter((k) => k !== 'hidden')) expect(Object.keys(m), k).toContain(k)
    expect(m.testAccuracy).toBeGreaterThan(0.15) // chance is 0.1; 5 steps of a tiny CNN
    expect(m.filters).toEqual([4, 8])
    expect(run.stdout).toContain('CNN conv4-conv8-128-10 with random shifts of up to 2 pixels')
  })

  it('should predict from the CNN checkpoint', () => {
    const p = runScript('predict', ['--checkpoint', join(out, 'model.safetensors'), '--index', '0', '--model', 'cnn'])
    expect(p.status, p.stderr).toBe(0)
    expect(p.stdout).toMatch(/^test image #0: predicted digit \d \(true label 7\)/)
  })

  it('should refuse a CNN checkpoint where an MLP is expected and the other way round, naming both shapes', () => {
    const a = runScript('predict', ['--checkpoint', join(out, 'model.safetensors'), '--index', '0', '--model', 'mlp'])
    expect(isCleanFailure(a), a.stderr).toBe(true)
    expect(a.stderr).toContain(
      'the checkpoint holds a CNN conv4-conv8-128-10 (first weights [4, 1, 3, 3] on images [number, 1, 28, 28]), not an MLP (first weights [784, W1] on vectors [number, 784])'
    )
    const b = runScript('predict', ['--checkpoint', join(mlpOut, 'model.safetensors'), '--index', '0', '--model', 'cnn'])
    expect(isCleanFailure(b), b.stderr).toBe(true)
    expect(b.stderr).toContain(
      'the checkpoint holds an MLP 784-16-10 (first weights [784, 16] on vectors [number, 784]), not a CNN (first weights [F1, 1, 3, 3] on images [number, 1, 28, 28])'
    )
  })

  it('should train with --batch-norm, keep the running statistics in the checkpoint, and predict and export with them', () => {
    const bnOut = mkdtempSync(join(tmpdir(), 'kanzen-mnist-cnn-bn-'))
    const r = runScript('mnist', ['--model', 'cnn', '--batch-norm', '--filters', '4,8', '--limit', '3200', '--epochs', '1', '--out', bnOut])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('CNN conv4-conv8-128-10 with batch norm with random shifts of up to 2 pixels')
    const m = JSON.parse(readFileSync(join(bnOut, 'metrics.json'), 'utf8'))
    // 25 steps: the running statistics (momentum 0.1) are then within 10 % of the batches' own
    expect([m.batchNorm, m.testAccuracy > 0.15]).toEqual([true, true])
    const file = join(bnOut, 'model.safetensors')
    const names = JSON.parse(new TextDecoder().decode(readFileSync(file).subarray(8, 8 + Number(new DataView(readFileSync(file).buffer).getBigUint64(0, true)))))
    expect(Object.keys(names).filter((k) => k.startsWith('state[')).sort()).toEqual(['state[2].mean', 'state[2].variance', 'state[6].mean', 'state[6].variance'])
    const p = runScript('predict', ['--checkpoint', file, '--index', '0', '--model', 'cnn'])
    expect(p.status, p.stderr).toBe(0)
    expect(p.stdout).toMatch(/^test image #0: predicted digit \d \(true label 7\)/)
    const e = runScript('export', ['--checkpoint', file, '--onnx', join(bnOut, 'model.onnx'), '--torch', join(bnOut, 'model.torch.safetensors')])
    expect(e.status, e.stderr).toBe(0)
    expect(e.stdout).toContain('nn.BatchNorm2d(4')
  })

  it('should refuse --batch-norm without --model cnn', () => {
    const r = runScript('mnist', ['--batch-norm', '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr.trim()).toBe('mnist: --batch-norm goes with --model cnn')
  })

  it('should refuse an unknown --model and images of another size with one line and exit code 2', () => {
    const r = runScript('mnist', ['--model', 'rnn', '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr.trim()).toBe('mnist: --model must be one of mlp|cnn, got "rnn"')
    const dir = mkdtempSync(join(tmpdir(), 'kanzen-mnist-32-'))
    const bytes = (e: ReturnType<typeof Data.encodeIdx>): Uint8Array => (e._tag === 'Right' ? e.right : new Uint8Array(0))
    const images = bytes(Data.encodeIdx({ type: 'uint8', dims: [2, 32, 32], data: new Uint8Array(2 * 32 * 32) }))
    const labels = bytes(Data.encodeIdx({ type: 'uint8', dims: [2], data: new Uint8Array(2) }))
    for (const [f, b] of [
      ['train-images-idx3-ubyte', images],
      ['train-labels-idx1-ubyte', labels],
      ['t10k-images-idx3-ubyte', images],
      ['t10k-labels-idx1-ubyte', labels]
    ] as const)
      writeFileSync(join(dir, f), b)
    const s = runScript('mnist', ['--model', 'cnn', '--data', dir, '--out', out])
    expect(isCleanFailure(s), s.stderr).toBe(true)
    expect(s.stderr.trim().split('\n')).toHaveLength(1)
    expect(s.stderr).toMatch(/28 rows.*32/)
  })
})
