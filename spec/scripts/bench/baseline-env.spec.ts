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
const savedChoice = process.env.KANZEN_BENCH_CORETYPE

describe('the baselines’ environment', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env.OPENBLAS_CORETYPE
    else process.env.OPENBLAS_CORETYPE = saved
    if (savedChoice === undefined) delete process.env.KANZEN_BENCH_CORETYPE
    else process.env.KANZEN_BENCH_CORETYPE = savedChoice
  })
  it('should give every BLAS one thread, and OpenBLAS its AVX-512 kernel exactly where the CPU has AVX-512', () => {
    delete process.env.OPENBLAS_CORETYPE
    delete process.env.KANZEN_BENCH_CORETYPE
    const env = baselineEnv()
    expect([env.OPENBLAS_NUM_THREADS, env.OMP_NUM_THREADS, env.MKL_NUM_THREADS]).toEqual(['1', '1', '1'])
    expect(env.OPENBLAS_CORETYPE).toBe(avx512 ? 'SkylakeX' : undefined)
    expect(describeBaseline()).toMatch(avx512 ? /^OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE=SkylakeX \(its AVX-512 kernel/ : /^OPENBLAS_NUM_THREADS=1$/)
  })
  it('should take the AVX-512 kernel over the environment’s OPENBLAS_CORETYPE, and KANZEN_BENCH_CORETYPE over both', () => {
    process.env.OPENBLAS_CORETYPE = 'Haswell'
    delete process.env.KANZEN_BENCH_CORETYPE
    expect(openblasCoretype()).toBe(avx512 ? 'SkylakeX' : 'Haswell')
    if (avx512) expect(describeBaseline()).toMatch(/SkylakeX \(its AVX-512 kernel, not the environment's Haswell;/)
    process.env.KANZEN_BENCH_CORETYPE = 'Zen'
    expect(baselineEnv().OPENBLAS_CORETYPE).toBe('Zen')
    expect(describeBaseline()).toBe('OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE=Zen')
  })
})
