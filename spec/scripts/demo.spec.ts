/**
 * `npm run demo:build -- --out DIR` writes the static pages, their bundles and the MNIST subset;
 * bad options fail cleanly. (The pages themselves are tested in Chromium: spec/demo/.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isCleanFailure, runScript } from '../support/run-script.js'

const out = join(mkdtempSync(join(tmpdir(), 'kanzen-demo-build-')), 'site')
afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }))

describe('demo:build', () => {
  it('should write both pages, the worker and the data subset', () => {
    const r = runScript('demo-build', ['--out', out, '--train', '100', '--test', '100'])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    for (const f of ['index.html', 'train.html', 'style.css', 'hand.js', 'train.js', 'train-worker.js', 'mnist/train-images.idx.gz', 'mnist/test-labels.idx.gz']) {
      expect(existsSync(join(out, f)), f).toBe(true)
      expect(r.stdout).toContain(f)
    }
    // (no `node:` import can reach a bundle: the build fails on one, see scripts/lib/demo-bundle.ts; the pages run in Chromium in spec/demo)
    expect(readFileSync(join(out, 'train.html'), 'utf8')).toContain('src="train.js"')
  })
  it('should refuse bad options with one line and exit code 2', () => {
    expect(isCleanFailure(runScript('demo-build', ['--train', '5']))).toBe(true)
    expect(isCleanFailure(runScript('demo', ['--port', 'x']))).toBe(true)
  })
})
