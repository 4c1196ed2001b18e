/**
 * The install script on machines where the native build cannot work: it must exit 0 (so
 * `npm install` succeeds), say why on one line, leave no addon behind, and kanzen must then
 * load on WebAssembly with that reason in `kernelStatus()`.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { selectKernels } from '../../src/tensor/kernels/select.js'

const tmp = mkdtempSync(join(tmpdir(), 'kanzen-build-native-'))
afterAll(() => {
  selectKernels('auto', { threads: 1 })
  rmSync(tmp, { recursive: true, force: true })
})

// A copy of native/ (with a stale addon in it, which a failed build must remove).
const nativeCopy = (name: string): string => {
  const dir = join(tmp, name)
  cpSync('native', dir, { recursive: true, filter: (src) => !src.includes('/build') })
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true })
  writeFileSync(join(dir, 'build', 'Release', 'kanzen_native.node'), 'stale')
  return dir
}

const build = (dir: string, env: Record<string, string | undefined>): { status: number | null; stderr: string } => {
  const r = spawnSync(process.execPath, ['scripts/build-native.mjs', '--native-dir', dir], { encoding: 'utf8', env, timeout: 240_000 })
  return { status: r.status, stderr: r.stderr }
}

describe('scripts/build-native.mjs', () => {
  it('should exit 0 and record "no C++ compiler" on a PATH with node and nothing else', () => {
    const bin = join(tmp, 'bin')
    mkdirSync(bin)
    symlinkSync(process.execPath, join(bin, 'node'))
    const dir = nativeCopy('no-compiler')
    const { CXX: _cxx, CC: _cc, ...env } = process.env
    const r = build(dir, { ...env, PATH: bin })
    expect(r.status).toBe(0)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^kanzen: native kernels not built: no C\+\+ compiler \(c\+\+ --version: .*\) — kanzen will use its WebAssembly kernels$/m)
    expect(existsSync(join(dir, 'build', 'Release', 'kanzen_native.node'))).toBe(false)
    const status = selectKernels('native', { nativeBuildDir: join(dir, 'build') })
    expect(status.active).toBe('wasm-simd')
    expect(status.fallbackReason).toBe(readFileSync(join(dir, 'build', 'kanzen-build.txt'), 'utf8').trim())
    expect(status.fallbackReason).toMatch(/no C\+\+ compiler/)
  })
  it('should exit 0 and record node-gyp’s failure when the compiler cannot compile', () => {
    const fake = join(tmp, 'broken-c++')
    writeFileSync(fake, '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "broken c++ 1.0"; exit 0; fi\necho "broken c++: cannot compile" >&2\nexit 1\n')
    chmodSync(fake, 0o755)
    const dir = nativeCopy('broken-compiler')
    const r = build(dir, { ...process.env, CXX: fake, CC: fake })
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/^kanzen: native kernels not built: node-gyp rebuild failed \(.+\) — kanzen will use its WebAssembly kernels$/m)
    expect(existsSync(join(dir, 'build', 'Release', 'kanzen_native.node'))).toBe(false)
    expect(selectKernels('auto', { nativeBuildDir: join(dir, 'build') }).fallbackReason).toMatch(/node-gyp rebuild failed/)
  }, 240_000)
  it('should quote the compiler’s first error when a source does not compile', () => {
    const dir = nativeCopy('broken-source')
    writeFileSync(join(dir, 'kernels.h'), `${readFileSync(join(dir, 'kernels.h'), 'utf8')}\n#error kanzen-spec-broken-source\n`)
    const r = build(dir, process.env)
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/^kanzen: native kernels not built: node-gyp rebuild failed \(.*error: #error kanzen-spec-broken-source\) — kanzen will use its WebAssembly kernels$/m)
    expect(existsSync(join(dir, 'build', 'Release', 'kanzen_native.node'))).toBe(false)
  }, 240_000)
  it('should skip the build on request', () => {
    const dir = nativeCopy('skipped')
    const r = build(dir, { ...process.env, KANZEN_NATIVE: 'skip' })
    expect(r.status).toBe(0)
    expect(selectKernels('native', { nativeBuildDir: join(dir, 'build') }).fallbackReason).toBe('native kernels not built: KANZEN_NATIVE=skip at install')
  })
})
