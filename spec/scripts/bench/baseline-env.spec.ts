import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { baselineEnv, describeBaseline, openblasCoretype } from '../../../scripts/bench/baseline-env.js'

const avx512 = ((): boolean => {
  try {
    return /^flags\s*:.*\bavx512f\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'))
  } catch {
    return false
  }
})()
const saved = process.env.OPENBLAS_CORETYPE

describe('the baselines’ environment', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env.OPENBLAS_CORETYPE
    else process.env.OPENBLAS_CORETYPE = saved
  })
  it('should give every BLAS one thread, and OpenBLAS its AVX-512 kernel exactly where the CPU has AVX-512', () => {
    delete process.env.OPENBLAS_CORETYPE
    const env = baselineEnv()
    expect([env.OPENBLAS_NUM_THREADS, env.OMP_NUM_THREADS, env.MKL_NUM_THREADS]).toEqual(['1', '1', '1'])
    expect(env.OPENBLAS_CORETYPE).toBe(avx512 ? 'SkylakeX' : undefined)
    expect(describeBaseline()).toMatch(avx512 ? /^OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE=SkylakeX \(its AVX-512 kernel/ : /^OPENBLAS_NUM_THREADS=1$/)
  })
  it('should keep a kernel the caller chose', () => {
    process.env.OPENBLAS_CORETYPE = 'Haswell'
    expect(openblasCoretype()).toBe('Haswell')
    expect(baselineEnv().OPENBLAS_CORETYPE).toBe('Haswell')
    expect(describeBaseline()).toBe('OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE=Haswell')
  })
})
