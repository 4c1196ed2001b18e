/**
 * Titanic passengers → a standardised feature matrix `Tensor<[number, 24]>`, by a pipeline
 * fitted on training rows only and applied unchanged to validation or test rows (no leakage):
 *
 * - Pclass one-hot; Sex (female = 1); Title one-hot (Mr, Mrs, Miss, Master, Rare) from the name;
 * - Age, imputed by the training median of its Title × Pclass group (fallback Title, then all),
 *   plus an age-missing flag; SibSp, Parch, family size = SibSp + Parch + 1, travelling alone;
 * - ln(1 + Fare), imputed by the training median of its Pclass; Embarked one-hot (mode-imputed);
 * - cabin known, deck, and ticket-group size (known passengers on the ticket, this one included);
 * - the group-survival feature (NOTES.md: it lifts cross-validated accuracy past 0.83): for women
 *   and boys, the share of the *other* training women and boys on the same ticket, or in the same
 *   surname-and-fare family, who survived. A passenger's own label is never used: a training row
 *   is left out of its own group (leave-one-out), and a new row sees the training members only.
 *
 * Columns are then standardised with the training means and deviations (`standardise.ts`).
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { fitStandardiser, standardise } from './standardise.js'
import type { LabelledPassenger, Passenger } from './titanic.js'
import { titanicFeatureCount } from './titanic-pipeline.js'
import type { TitanicFeatureCount, TitanicPipeline } from './titanic-pipeline.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The five title groups. @category model @since 0.1.0 */
export type Title = 'Mr' | 'Mrs' | 'Miss' | 'Master' | 'Rare'

const titles: ReadonlyArray<Title> = ['Mr', 'Mrs', 'Miss', 'Master', 'Rare']
const synonyms: Readonly<Record<string, Title>> = {
  Mr: 'Mr',
  Mrs: 'Mrs',
  Mme: 'Mrs',
  Miss: 'Miss',
  Mlle: 'Miss',
  Ms: 'Miss',
  Master: 'Master'
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Fit the pipeline on training rows (their labels feed only the group-survival statistics).
 *
 * @example
 * import { Data } from 'kanzen'
 * const row = { PassengerId: 1, Survived: 1 as const, Pclass: 1 as const, Name: 'A, Mrs. B', Sex: 'female' as const, Age: 30,
 *   SibSp: 0, Parch: 0, Ticket: 'T1', Fare: 10, Cabin: 'C85', Embarked: 'S' as const }
 * const p = Data.fitTitanicFeatures([row, { ...row, PassengerId: 2, Age: null, Survived: 0 as const }])
 * assert.deepStrictEqual(p.ageMedian['Mrs|1'], 30)
 *
 * @category constructors
 * @since 0.1.0
 */
export const fitTitanicFeatures = (rows: ReadonlyArray<LabelledPassenger>): TitanicPipeline => {
  const ages = (key: (r: LabelledPassenger) => string) =>
    medians(
      rows.filter(hasAge),
      key,
      (r) => r.Age
    )
  const fares = medians(
    rows.filter(hasFare),
    (r) => `${r.Pclass}`,
    (r) => Math.log1p(r.Fare)
  )
  const embarked = (['S', 'C', 'Q'] as const).map((e) => [e, rows.filter((r) => r.Embarked === e).length] as const)
  const unscaled: Omit<TitanicPipeline, 'scale'> = {
    kind: 'kanzen/titanic-features',
    version: 1,
    ageMedian: {
      ...ages(() => '*'),
      ...ages((r) => titleOf(r.Name)),
      ...ages((r) => `${titleOf(r.Name)}|${r.Pclass}`)
    },
    logFareMedian: {
      ...medians(
        rows.filter(hasFare),
        () => '*',
        (r) => Math.log1p(r.Fare)
      ),
      ...fares
    },
    embarkedMode: embarked.reduce((a, b) => (b[1] > a[1] ? b : a))[0],
    tickets: collect(
      rows,
      (r) => [r.Ticket],
      (r) => r.PassengerId
    ),
    groups: collect(rows.filter(isWomanOrBoy), groupKeys, (r): [number, 0 | 1] => [r.PassengerId, r.Survived])
  }
  return { ...unscaled, scale: fitStandardiser(matrix(unscaled, rows)) }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The standardised feature matrix of any rows (training, validation or test) under a fitted pipeline.
 *
 * @example
 * import { Data } from 'kanzen'
 * const row = { PassengerId: 1, Survived: 1 as const, Pclass: 3 as const, Name: 'A, Mr. B', Sex: 'male' as const, Age: 30,
 *   SibSp: 0, Parch: 0, Ticket: 'T1', Fare: 10, Cabin: null, Embarked: 'S' as const }
 * const rows = [row, { ...row, PassengerId: 2, Age: 40, Survived: 0 as const }]
 * const x = Data.titanicFeatures(Data.fitTitanicFeatures(rows), rows)
 * assert.deepStrictEqual([x.shape, x.data[4], x.data[24 + 4]], [[2, 24], -1, 1])
 *
 * @category operations
 * @since 0.1.0
 */
export const titanicFeatures = (
  p: TitanicPipeline,
  rows: ReadonlyArray<Passenger>
): T.Tensor<[number, TitanicFeatureCount]> => standardise(p.scale, matrix(p, rows))

/**
 * The same matrix before standardisation (features in their own units), e.g. to read the
 * training means or to inspect one passenger's features.
 *
 * @example
 * import { Data } from 'kanzen'
 * const row = { PassengerId: 5, Pclass: 2 as const, Name: 'A, Master. B', Sex: 'male' as const, Age: null,
 *   SibSp: 1, Parch: 1, Ticket: 'T9', Fare: null, Cabin: 'F2', Embarked: null }
 * const p = Data.fitTitanicFeatures([{ ...row, PassengerId: 1, Age: 4, Fare: 20, Embarked: 'C' as const, Survived: 1 as const }])
 * const x = Data.rawTitanicFeatures(p, [row])
 * assert.deepStrictEqual(Array.from(x.data.slice(4, 6)), [4, 1])
 *
 * @category operations
 * @since 0.1.0
 */
export const rawTitanicFeatures = (
  p: TitanicPipeline,
  rows: ReadonlyArray<Passenger>
): T.Tensor<[number, TitanicFeatureCount]> => matrix(p, rows)

/**
 * The title group of a Kaggle name `Surname, Title. Given names`: Mr, Mrs (and Mme), Miss (and
 * Mlle, Ms), Master, and Rare for every other title (Dr, Rev, Col, the Countess, …).
 *
 * @example
 * import { Data } from 'kanzen'
 * assert.deepStrictEqual(['Braund, Mr. Owen', 'Aubart, Mme. Leontine', 'Rothes, the Countess. of'].map(Data.titleOf), ['Mr', 'Mrs', 'Rare'])
 *
 * @category utils
 * @since 0.1.0
 */
export const titleOf = (name: string): Title => synonyms[/,\s*([^.]*)\./.exec(name)?.[1]?.trim() ?? ''] ?? 'Rare'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Passengers whose age (fare) is known: type guards, so that the value reads as a number.
const hasAge = <R extends Passenger>(r: R): r is R & { readonly Age: number } => r.Age !== null
const hasFare = <R extends Passenger>(r: R): r is R & { readonly Fare: number } => r.Fare !== null

const isWomanOrBoy = (r: Passenger): boolean => r.Sex === 'female' || titleOf(r.Name) === 'Master'

// split always gives at least one part (the whole name when there is no comma).
const surname = (name: string): string => {
  const [first = name] = name.split(',')
  return first.trim()
}

const groupKeys = (r: Passenger): Array<string> =>
  r.Fare === null ? [`ticket:${r.Ticket}`] : [`ticket:${r.Ticket}`, `family:${surname(r.Name)}|${r.Fare}`]

// Grouped in a Map and then turned into a record with Object.fromEntries, which defines own
// properties even for keys such as "__proto__" (plain assignment would set the prototype instead).
const collect = <R, V>(
  rows: ReadonlyArray<R>,
  keys: (r: R) => ReadonlyArray<string>,
  value: (r: R) => V
): Record<string, Array<V>> => {
  const out = new Map<string, Array<V>>()
  for (const r of rows) {
    for (const k of keys(r)) {
      const list = out.get(k)
      if (list === undefined) out.set(k, [value(r)])
      else list.push(value(r))
    }
  }
  return Object.fromEntries(out)
}

// A record's own entry only: a ticket named "constructor" must not find Object.prototype's.
const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? T.at(s, m) : (T.at(s, m - 1) + T.at(s, m)) / 2
}

const medians = <R>(rows: ReadonlyArray<R>, key: (r: R) => string, value: (r: R) => number): Record<string, number> =>
  Object.fromEntries(Object.entries(collect(rows, (r) => [key(r)], value)).map(([k, vs]) => [k, median(vs)]))

// Lookups built once per feature matrix, so that each row costs a few map look-ups rather than a
// walk over its ticket and family groups (which made 146,000 rows quadratic: minutes, not seconds).
interface Group {
  readonly survived: ReadonlyMap<number, number> // PassengerId → Survived, the last entry winning
  readonly sum: number
}
interface Index {
  readonly group: (key: string) => Group | undefined
  readonly both: (a: string, b: string) => { readonly count: number; readonly sum: number }
  readonly mates: (ticket: string) => { readonly count: number; readonly ids: ReadonlySet<number> } | undefined
}

const indexOf = (p: Omit<TitanicPipeline, 'scale'>): Index => {
  const groups = new Map<string, Group>()
  const group = (key: string): Group | undefined => {
    const cached = groups.get(key)
    if (cached !== undefined) return cached
    const list = own(p.groups, key)
    if (list === undefined) return undefined
    const survived = new Map(list)
    const g = { survived, sum: [...survived.values()].reduce<number>((x, v) => x + v, 0) }
    groups.set(key, g)
    return g
  }
  const pairs = new Map<string, { readonly count: number; readonly sum: number }>()
  const mates = new Map<string, { readonly count: number; readonly ids: ReadonlySet<number> }>()
  return {
    group,
    // Members of both groups, with their values in the first (the union takes the second's).
    both: (a, b) => {
      const k = JSON.stringify([a, b])
      const cached = pairs.get(k)
      if (cached !== undefined) return cached
      const [ga, gb] = [group(a), group(b)]
      let count = 0
      let sum = 0
      if (ga !== undefined && gb !== undefined) {
        for (const [id, v] of ga.survived) if (gb.survived.has(id)) (count++, (sum += v))
      }
      const r = { count, sum }
      pairs.set(k, r)
      return r
    },
    mates: (ticket) => {
      const cached = mates.get(ticket)
      if (cached !== undefined) return cached
      const list = own(p.tickets, ticket)
      if (list === undefined) return undefined
      const m = { count: list.length, ids: new Set(list) }
      mates.set(ticket, m)
      return m
    }
  }
}

// The other training women and boys of this passenger's ticket and family groups (each counted
// once): their mean survival, by inclusion–exclusion over the (at most two) groups.
//   |A ∪ B| = |A| + |B| − |A ∩ B|,  Σ_{A∪B} = Σ_A + Σ_B − Σ_{A∩B},  then less the passenger itself.
const groupSurvival = (index: Index, r: Passenger): readonly [number, number] => {
  if (!isWomanOrBoy(r)) return [0, 1]
  const [ka, kb] = groupKeys(r)
  const a = ka === undefined ? undefined : index.group(ka)
  const b = kb === undefined ? undefined : index.group(kb)
  const inter = a !== undefined && b !== undefined && ka !== undefined && kb !== undefined ? index.both(ka, kb) : { count: 0, sum: 0 }
  let count = (a?.survived.size ?? 0) + (b?.survived.size ?? 0) - inter.count
  let sum = (a?.sum ?? 0) + (b?.sum ?? 0) - inter.sum
  const self = b?.survived.get(r.PassengerId) ?? a?.survived.get(r.PassengerId)
  if (self !== undefined) (count--, (sum -= self))
  if (count === 0) return [0, 1]
  return [sum / count, 0]
}

const features = (p: Omit<TitanicPipeline, 'scale'>, index: Index, r: Passenger): ReadonlyArray<number> => {
  const title = titleOf(r.Name)
  const age = r.Age ?? own(p.ageMedian, `${title}|${r.Pclass}`) ?? own(p.ageMedian, title) ?? own(p.ageMedian, '*') ?? 0
  const logFare =
    r.Fare !== null ? Math.log1p(r.Fare) : (own(p.logFareMedian, `${r.Pclass}`) ?? own(p.logFareMedian, '*') ?? 0)
  const embarked = r.Embarked ?? p.embarkedMode
  const family = r.SibSp + r.Parch + 1
  const deck = r.Cabin === null ? 0 : Math.max(1, 'TABCDEFG'.indexOf(r.Cabin.charAt(0)))
  const mates = index.mates(r.Ticket)
  return [
    ...[1, 2, 3].map((c) => +(r.Pclass === c)),
    +(r.Sex === 'female'),
    age,
    +(r.Age === null),
    r.SibSp,
    r.Parch,
    family,
    +(family === 1),
    logFare,
    ...['C', 'Q', 'S'].map((e) => +(embarked === e)),
    ...titles.map((t) => +(title === t)),
    +(r.Cabin !== null),
    deck,
    (mates?.count ?? 0) + (mates?.ids.has(r.PassengerId) === true ? 0 : 1),
    ...groupSurvival(index, r)
  ]
}

const matrix = (
  p: Omit<TitanicPipeline, 'scale'>,
  rows: ReadonlyArray<Passenger>
): T.Tensor<[number, TitanicFeatureCount]> => {
  const f = titanicFeatureCount
  const index = indexOf(p)
  const flat = rows.flatMap((r) => features(p, index, r))
  return T.fromValues([rows.length, f], flat)
}
