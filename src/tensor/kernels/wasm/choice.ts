/**
 * Whether a product of one shape runs faster cut across both threads or whole on the calling
 * thread, decided by timing both ways: the same rule as the native backend's (native/kanzen.cc,
 * `chooseCut`), so that on two threads a product is never kept on the slower way.
 *
 * Why it is measured and not fixed by size: on a 2-vCPU VM a worker asleep in `Atomics.wait` can
 * take tens of microseconds to run after it is notified, and a cut product also copies its operands
 * into shared memory, which V8 copies about 5× slower than unshared memory (backend.ts). Two
 * `npm run bench -- --only gemm` runs on the same Zen 4 host, one after the other, had the plain
 * build's [100,784]·[784,100] 1.36× faster cut in the first and 0.84× in the second; Xᵀ·Δ went 0.73×
 * and 1.40×. So the rule: after `COLD` products on one thread (the first ones run cold), the next
 * `TRIALS` alternate the two ways, and the cut is kept only if its median time is at least 5 %
 * below the other's. After that every `RETRY`th product tries the other way once; each way keeps a
 * running mean of its times, and the choice switches only when the other way's mean is 5 % below
 * the kept one's. A product's bytes are the same either way (both run the same code on the same
 * layout), so this changes speed only.
 *
 * @since 0.3.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** 0: whole, on the calling thread; 1: cut across both threads. @internal */
export type Way = 0 | 1

/** What one shape has measured so far (mutable: it lives inside the backend, keyed by shape). @internal */
export interface CutTimes {
  calls: number
  /** The trial times (ms) of each way. */
  readonly trial: readonly [Array<number>, Array<number>]
  /** Each way's running mean (ms) after the trials. */
  readonly mean: [number, number]
  cut: boolean
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** A shape nothing has been measured for. @internal */
export const noTimes = (): CutTimes => ({ calls: 0, trial: [[], []], mean: [0, 0], cut: false })

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

export const COLD = 2
export const TRIALS = 16
export const RETRY = 64
const MARGIN = 0.95

/** Which way the next product of this shape runs. @internal */
export const chooseWay = (s: CutTimes): Way => {
  if (s.calls < COLD) return 0
  if (s.calls < COLD + TRIALS) return (s.calls - COLD) % 2 === 0 ? 0 : 1
  return (s.calls % RETRY === 0) !== s.cut ? 1 : 0
}

/** Record that a product of this shape took `ms` the `way` it ran. @internal */
export const recordWay = (s: CutTimes, way: Way, ms: number): void => {
  const call = s.calls++
  if (call < COLD) return
  if (call < COLD + TRIALS) {
    s.trial[way].push(ms)
    if (call === COLD + TRIALS - 1) {
      s.mean[0] = median(s.trial[0])
      s.mean[1] = median(s.trial[1])
      s.cut = s.mean[1] < MARGIN * s.mean[0]
    }
    return
  }
  // Clipped at twice the mean, so that a few products slowed by a load on the other core cannot
  // move it far. The kept way runs 63 times in 64, the other once: each of its samples weighs more.
  const clipped = Math.min(ms, 2 * s.mean[way])
  const weight = way === (s.cut ? 1 : 0) ? 0.1 : 0.5
  s.mean[way] = (1 - weight) * s.mean[way] + weight * clipped
  const kept = s.cut ? 1 : 0
  if (s.mean[kept === 1 ? 0 : 1] < MARGIN * s.mean[kept]) s.cut = !s.cut
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const median = (v: ReadonlyArray<number>): number => {
  const s = [...v].sort((x, y) => x - y)
  const h = s.length >> 1
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2
}
