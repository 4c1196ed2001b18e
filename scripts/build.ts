/**
 * Build the package: the ESM bundles by esbuild and the type declarations by tsc (dist/*.d.ts).
 * Two entries: `kanzen` (dist/index.js, browser-safe: nothing from `node:`) and `kanzen/node`
 * (dist/node/index.js). With `splitting`, code both use lives in one shared chunk, so the two
 * entries share one kernel selection and one set of modules instead of two copies. esbuild does
 * not check types; `npm test` runs tsc separately for that. `prepare` runs this (after the wasm
 * build), so `npm install`, `npm pack` and installing from a git URL all produce dist/.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })
await build({
  entryPoints: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning'
})
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
console.log('built dist/index.js, dist/node/index.js and their .d.ts')
