/**
 * The package entry is browser-safe: esbuild bundles `import * as k from 'kanzen'` (the built
 * dist/, resolved by the package's own name) for `--platform=browser` with no externals, and the
 * bundle runs in a bare JavaScript context with no Node globals (no `process`, `require`,
 * `Buffer`), where a network trains a step.
 */
import { runInNewContext } from 'node:vm'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const program = `
import * as k from 'kanzen'
const net = k.Layer.serial(k.Layer.input(4), k.Layer.dense(3), k.Layer.relu(), k.Layer.dense(2))
const params = net.init(k.Random.key(0))
const x = k.Random.normal(k.Random.key(1), [8, 4])
const [y] = net.forward(params, x, k.Layer.evalCtx)
report(JSON.stringify({ shape: y.shape, finite: Array.from(y.data).every(Number.isFinite), kernels: k.Tensor.kernelStatus().active }))
`

describe('browser entry', () => {
  it('should bundle kanzen for the browser with no externals and run it without Node globals', async () => {
    const result = await build({
      stdin: { contents: program, resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      metafile: true,
      logLevel: 'silent'
    })
    expect(result.errors).toEqual([])
    const code = result.outputFiles[0]!.text
    // Nothing left for the runtime to resolve: no import of the bundle is external.
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports)
    expect(imports.filter((i) => i.external === true || i.path.startsWith('node:'))).toEqual([])
    expect(Object.keys(result.metafile.inputs).some((f) => f.includes('dist/index.js') || f.includes('dist/chunks/'))).toBe(true)
    const reports: Array<string> = []
    // Only what every browser has; WebAssembly so the wasm kernels can load as they would there.
    const { WebAssembly, TextDecoder, atob } = globalThis as unknown as Record<string, unknown>
    runInNewContext(code, { report: (s: string) => reports.push(s), WebAssembly, TextDecoder, atob })
    expect(reports).toHaveLength(1)
    const out = JSON.parse(reports[0]!) as { shape: Array<number>; finite: boolean; kernels: string }
    expect(out.shape).toEqual([8, 2])
    expect(out.finite).toBe(true)
  })
})
