/**
 * The fitted Titanic feature pipeline as a value: every statistic that `titanicFeatures` needs,
 * learnt from training rows only, in a plain JSON shape. Save it beside a model
 * (`JSON.stringify`) and reload it through `decodeTitanicPipeline`, which validates it with an
 * io-ts codec, so a stale or hand-edited file is a `Left` naming the bad field, not NaN features.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { DataError, DataErrors } from './data-error.js'
import { showFound } from './data-error.js'
import { Standardiser } from './standardise.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The feature columns, in order. Before standardisation: one-hots and flags are 0/1; `age` in
 * years (imputed); `logFare` is ln(1 + fare) (imputed); `deck` is 1..7 for A..G (T, the boat
 * deck, counts as 1), 0 when the cabin is unknown; `ticketGroupSize` counts the known passengers
 * on the ticket including this one; `groupSurvival` is, for women and boys (title Master), the
 * survival share of the *other* women and boys of the same ticket or surname-and-fare family in
 * the training rows, and 0 with `groupUnknown` = 1 when there are none (always so for men).
 *
 * @category model
 * @since 0.1.0
 */
export const titanicFeatureNames = [
  'pclass1',
  'pclass2',
  'pclass3',
  'female',
  'age',
  'ageMissing',
  'sibSp',
  'parch',
  'familySize',
  'alone',
  'logFare',
  'embarkedC',
  'embarkedQ',
  'embarkedS',
  'titleMr',
  'titleMrs',
  'titleMiss',
  'titleMaster',
  'titleRare',
  'cabinKnown',
  'deck',
  'ticketGroupSize',
  'groupSurvival',
  'groupUnknown'
] as const

/** The number of feature columns, as a literal type (24). @category model @since 0.1.0 */
export type TitanicFeatureCount = (typeof titanicFeatureNames)['length']

/** The number of feature columns, as a value. @category model @since 0.1.0 */
export const titanicFeatureCount: TitanicFeatureCount = titanicFeatureNames.length

/** A training member of a group: [PassengerId, Survived]. */
const Member = t.tuple([t.number, t.union([t.literal(0), t.literal(1)])])

/**
 * The codec of a fitted pipeline. `ageMedian` is keyed `title|pclass`, then `title`, then `*`
 * (fallbacks in that order); `logFareMedian` by `pclass`, then `*`; `tickets` maps each training
 * ticket to its passengers' ids; `groups` maps `ticket:T` and `family:surname|fare` keys to the
 * training women and boys in them with their labels; `scale` standardises the 24 columns.
 *
 * @category model
 * @since 0.1.0
 */
export const TitanicPipeline = t.type(
  {
    kind: t.literal('kanzen/titanic-features'),
    version: t.literal(1),
    ageMedian: t.record(t.string, t.number),
    logFareMedian: t.record(t.string, t.number),
    embarkedMode: t.keyof({ C: null, Q: null, S: null }),
    tickets: t.record(t.string, t.array(t.number)),
    groups: t.record(t.string, t.array(Member)),
    scale: Standardiser
  },
  'TitanicPipeline'
)
/** @category model @since 0.1.0 */
export type TitanicPipeline = t.TypeOf<typeof TitanicPipeline>

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Validate a reloaded pipeline (e.g. `JSON.parse` of a saved file). A `Left` lists each bad field
 * by its path, e.g. `pipeline/scale/mean`.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const bad = Data.decodeTitanicPipeline({ kind: 'kanzen/titanic-features', version: 2 })
 * assert.ok(E.isLeft(bad) && bad.left.some((e) => e.path === 'pipeline/version'))
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeTitanicPipeline = (u: unknown): E.Either<DataErrors, TitanicPipeline> =>
  E.chain((p: TitanicPipeline) => {
    const { mean, std } = p.scale
    const ok = mean.length === titanicFeatureCount && std.length === titanicFeatureCount && std.every((s) => s > 0)
    return ok
      ? E.right(p)
      : E.left([
          {
            path: 'pipeline/scale',
            expected: `${titanicFeatureCount} means and positive scales`,
            found: `${mean.length} means, ${std.length} scales`
          }
        ])
  })(E.mapLeft((es: t.Errors) => es.map(toDataError))(TitanicPipeline.decode(u)))

const toDataError = (e: t.ValidationError): DataError => ({
  path: ['pipeline', ...e.context.slice(1).map((c) => c.key)].join('/'),
  expected: e.context[e.context.length - 1]?.type.name ?? '?',
  found: showFound(e.value)
})
