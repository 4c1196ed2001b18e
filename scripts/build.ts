/**
 * Build the package: one ESM bundle by esbuild (dist/index.js) and the type declarations by tsc
 * (dist/*.d.ts). esbuild does not check types; `npm test` runs tsc separately for that.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning'
})
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
console.log('built dist/index.js and dist/index.d.ts')
