/**
 * Early stopping and best-epoch selection, as pure functions of the history. The best epoch is
 * the first one with the lowest (mode `min`) or highest (mode `max`) value of a validation
 * metric; an epoch counts as better only by more than `minDelta`. Training should stop when the
 * best epoch lies `patience` or more epochs behind the last one (Prechelt, "Early Stopping — But
 * When?", 1998).
 *
 * @since 0.1.0
 */
import * as O from 'fp-ts/lib/Option.js'
import type { EpochRecord, History } from './history.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Which metric to watch and which way is better. @category model @since 0.1.0 */
export interface Monitor {
  readonly metric: string
  readonly mode: 'min' | 'max'
  /** The least change that counts as an improvement (default 0). */
  readonly minDelta?: number
}

/** A monitor plus how many epochs without improvement to allow. @category model @since 0.1.0 */
export interface EarlyStopping extends Monitor {
  readonly patience: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The best epoch so far, or none if no epoch has a finite value of the metric.
 *
 * @example
 * import { Train } from 'kanzen'
 * import * as O from 'fp-ts/lib/Option.js'
 * const h = [0.5, 0.3, 0.4].map((v, i) => ({ epoch: i + 1, step: 0, metrics: { validLoss: v } }))
 * assert.deepStrictEqual(O.map((r: Train.EpochRecord) => r.epoch)(Train.bestEpoch({ metric: 'validLoss', mode: 'min' })(h)), O.some(2))
 *
 * @category operations
 * @since 0.1.0
 */
export const bestEpoch =
  (m: Monitor) =>
  (history: History): O.Option<EpochRecord> => {
    let best: EpochRecord | undefined
    for (const r of history) {
      const v = r.metrics[m.metric]
      if (v === undefined || !Number.isFinite(v)) continue
      if (best === undefined || better(m, v, best.metrics[m.metric]!)) best = r
    }
    return O.fromNullable(best)
  }

/**
 * Whether the last epoch is the best so far (the moment to keep its parameters).
 *
 * @example
 * import { Train } from 'kanzen'
 * const h = [0.5, 0.3].map((v, i) => ({ epoch: i + 1, step: 0, metrics: { validLoss: v } }))
 * assert.strictEqual(Train.isBest({ metric: 'validLoss', mode: 'min' })(h), true)
 *
 * @category operations
 * @since 0.1.0
 */
export const isBest =
  (m: Monitor) =>
  (history: History): boolean => {
    const last = history[history.length - 1]
    const best = bestEpoch(m)(history)
    return last !== undefined && O.isSome(best) && best.value === last
  }

/**
 * Whether to stop: the best epoch is `patience` or more epochs before the last one (or there
 * has been no finite value in the last `patience` epochs).
 *
 * @example
 * import { Train } from 'kanzen'
 * const h = [0.5, 0.3, 0.31, 0.32].map((v, i) => ({ epoch: i + 1, step: 0, metrics: { validLoss: v } }))
 * assert.strictEqual(Train.shouldStop({ metric: 'validLoss', mode: 'min', patience: 2 })(h), true)
 * assert.strictEqual(Train.shouldStop({ metric: 'validLoss', mode: 'min', patience: 3 })(h), false)
 *
 * @category operations
 * @since 0.1.0
 */
export const shouldStop =
  (es: EarlyStopping) =>
  (history: History): boolean => {
    const best = bestEpoch(es)(history)
    const bestIndex = O.isSome(best) ? history.indexOf(best.value) : -1
    return history.length - 1 - bestIndex >= es.patience
  }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const better = (m: Monitor, v: number, best: number): boolean => {
  const delta = m.minDelta ?? 0
  return m.mode === 'min' ? v < best - delta : v > best + delta
}
