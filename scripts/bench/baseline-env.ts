/**
 * The environment the bench's baselines (numpy, PyTorch) run in: one thread, and OpenBLAS's best
 * kernel for this CPU.
 *
 * Why the kernel: numpy's OpenBLAS is a DYNAMIC_ARCH build, and on an AMD CPU it picks its Zen
 * kernel (AVX2) even where the CPU has AVX-512. Measured here (EPYC Zen 5, 2026-12-02): one
 * [100,784]·[784,100] product at 80–88 GFLOP/s with the default, 125 with OPENBLAS_CORETYPE=SkylakeX
 * (its AVX-512 kernel), and the 784-100-10 epoch at 0.27 s against 0.22 s. The issue's OpenBLAS
 * figures (175–194 GFLOP/s) name the SkylakeX kernel too. So where /proc/cpuinfo lists
 * avx512f and the caller has not chosen a kernel, the baselines get SkylakeX: kanzen is compared
 * with the faster numpy, not the slower.
 */
import { readFileSync } from 'node:fs'

const hasAvx512 = (): boolean => {
  try {
    return /^flags\s*:.*\bavx512f\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'))
  } catch {
    return false
  }
}

/** OPENBLAS_CORETYPE for the baselines: the caller's, SkylakeX on an AVX-512 CPU, or none (OpenBLAS chooses). */
export const openblasCoretype = (): string | undefined => process.env.OPENBLAS_CORETYPE ?? (hasAvx512() ? 'SkylakeX' : undefined)

/** One thread for every BLAS and OpenMP runtime, and the OpenBLAS kernel above. */
export const baselineEnv = (): NodeJS.ProcessEnv => {
  const coretype = openblasCoretype()
  return { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ...(coretype === undefined ? {} : { OPENBLAS_CORETYPE: coretype }) }
}

/** How the baselines ran, for the bench's output. */
export const describeBaseline = (): string => {
  const coretype = openblasCoretype()
  return `OPENBLAS_NUM_THREADS=1${coretype === undefined ? '' : `, OPENBLAS_CORETYPE=${coretype}${process.env.OPENBLAS_CORETYPE === undefined ? ' (its AVX-512 kernel; by default it picks AVX2 on AMD)' : ''}`}`
}
