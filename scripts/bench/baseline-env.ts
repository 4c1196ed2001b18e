/**
 * The environment the bench's baselines (numpy, PyTorch) run in: one thread, and OpenBLAS's best
 * kernel for this CPU.
 *
 * Why the kernel: numpy's OpenBLAS is a DYNAMIC_ARCH build, and on an AMD CPU it picks its Zen
 * kernel (AVX2) even where the CPU has AVX-512. Measured here (EPYC Zen 5, 2026-12-02): one
 * [100,784]·[784,100] product at 80–88 GFLOP/s with the default, 125 with OPENBLAS_CORETYPE=SkylakeX
 * (its AVX-512 kernel), and the 784-100-10 epoch at 0.27 s against 0.22 s. The issue's OpenBLAS
 * figures (175–194 GFLOP/s) name the SkylakeX kernel too. This machine's environment even sets
 * OPENBLAS_CORETYPE=Haswell for every process. So where /proc/cpuinfo lists avx512f the baselines
 * get SkylakeX whatever the environment says (KANZEN_BENCH_CORETYPE chooses another): kanzen is
 * compared with the faster numpy, not the slower.
 */
import { readFileSync } from 'node:fs'

const hasAvx512 = (): boolean => {
  try {
    return /^flags\s*:.*\bavx512f\b/m.test(readFileSync('/proc/cpuinfo', 'utf8'))
  } catch {
    return false
  }
}

/** OPENBLAS_CORETYPE for the baselines: KANZEN_BENCH_CORETYPE, else SkylakeX on an AVX-512 CPU, else the environment's (or none: OpenBLAS chooses). */
export const openblasCoretype = (): string | undefined => process.env.KANZEN_BENCH_CORETYPE ?? (hasAvx512() ? 'SkylakeX' : process.env.OPENBLAS_CORETYPE)

/** One thread for every BLAS and OpenMP runtime, and the OpenBLAS kernel above. */
export const baselineEnv = (): NodeJS.ProcessEnv => {
  const coretype = openblasCoretype()
  return { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', ...(coretype === undefined ? {} : { OPENBLAS_CORETYPE: coretype }) }
}

/** How the baselines ran, for the bench's output. */
export const describeBaseline = (): string => {
  const coretype = openblasCoretype()
  const chosen = process.env.KANZEN_BENCH_CORETYPE !== undefined
  const given = process.env.OPENBLAS_CORETYPE
  const why = chosen || coretype !== 'SkylakeX' ? '' : ` (its AVX-512 kernel${given !== undefined && given !== coretype ? `, not the environment's ${given}` : ''}; by default it picks AVX2 on AMD)`
  return `OPENBLAS_NUM_THREADS=1${coretype === undefined ? '' : `, OPENBLAS_CORETYPE=${coretype}${why}`}`
}
