/**
 * The history of a run as data: one record per epoch with named metrics (`trainLoss`,
 * `validLoss`, `validAccuracy`, …). Scripts print it; early stopping and best-epoch selection
 * read it; nothing in the library prints it.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The metrics of one epoch, after `step` training steps. @category model @since 0.1.0 */
export interface EpochRecord {
  readonly epoch: number
  readonly step: number
  readonly metrics: Readonly<Record<string, number>>
}

/** All epochs so far, oldest first. @category model @since 0.1.0 */
export type History = ReadonlyArray<EpochRecord>

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The history with one more epoch (a new array; the old history is unchanged).
 *
 * @example
 * import { Train } from 'kanzen'
 * const h = Train.record(1, 10, { trainLoss: 0.5 })([])
 * assert.deepStrictEqual(h, [{ epoch: 1, step: 10, metrics: { trainLoss: 0.5 } }])
 *
 * @category combinators
 * @since 0.1.0
 */
export const record =
  (epoch: number, step: number, metrics: Readonly<Record<string, number>>) =>
  (history: History): History => [...history, { epoch, step, metrics }]

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * One metric across epochs (NaN where an epoch lacks it).
 *
 * @example
 * import { Train } from 'kanzen'
 * const h = Train.record(2, 20, { trainLoss: 0.3 })(Train.record(1, 10, { trainLoss: 0.5 })([]))
 * assert.deepStrictEqual(Train.series('trainLoss')(h), [0.5, 0.3])
 *
 * @category utils
 * @since 0.1.0
 */
export const series =
  (metric: string) =>
  (history: History): ReadonlyArray<number> =>
    history.map((r) => r.metrics[metric] ?? Number.NaN)
