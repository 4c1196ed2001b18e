import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { loadAddon } from '../../../../src/tensor/kernels/native/addon.js'
import { kernelStatus, selectKernels } from '../../../../src/tensor/kernels/select.js'
import { matmul, tensor, toNested } from '../../../../src/tensor/index.js'

const dir = mkdtempSync(join(tmpdir(), 'kanzen-native-'))
afterAll(() => {
  selectKernels('auto', { threads: 1 })
  rmSync(dir, { recursive: true, force: true })
})

describe('native addon loading', () => {
  it('should say the install script did not run when there is no build at all', () => {
    const got = loadAddon(join(dir, 'never-built'))
    expect(E.isLeft(got) && got.left).toMatch(/install script did not run/)
  })
  it('should quote the reason the install script recorded', () => {
    const build = join(dir, 'no-compiler')
    mkdirSync(build)
    writeFileSync(join(build, 'kanzen-build.txt'), 'native kernels not built: no C++ compiler (c++ --version: ENOENT)\n')
    const got = loadAddon(build)
    expect(E.isLeft(got) && got.left).toBe('native kernels not built: no C++ compiler (c++ --version: ENOENT)')
  })
  it('should turn a corrupt .node into a reason, and selectKernels into WebAssembly', () => {
    const build = join(dir, 'corrupt')
    mkdirSync(join(build, 'Release'), { recursive: true })
    writeFileSync(join(build, 'Release', 'kanzen_native.node'), 'not an ELF file')
    const got = loadAddon(build)
    expect(E.isLeft(got) && got.left).toMatch(/^native kernels failed to load: /)
    const status = selectKernels('native', { nativeBuildDir: build })
    expect(status.active).toBe('wasm-simd')
    expect(status.fallbackReason).toMatch(/^native kernels failed to load: /)
    expect(kernelStatus()).toEqual(status)
    expect(toNested(matmul(tensor([[2, 1]]), tensor([[3], [4]])))).toEqual([[10]])
  })
  it('should fall back the same way under auto, and not under wasm (which never tries native)', () => {
    const build = join(dir, 'no-compiler')
    expect(selectKernels('auto', { nativeBuildDir: build }).fallbackReason).toMatch(/no C\+\+ compiler/)
    expect(selectKernels('wasm', { nativeBuildDir: build })).toMatchObject({ active: 'wasm-simd', threads: 1, fallbackReason: undefined })
  })
})
