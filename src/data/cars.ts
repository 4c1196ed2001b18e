/**
 * The Auto MPG regression data (StatLib "cars", as the npm package `vega-datasets` ships it in
 * `data/cars.json`): an array of records decoded with io-ts, then turned into a feature matrix
 * and a target column. Records with a missing target (Miles_per_Gallon) or Horsepower are
 * dropped and counted (406 records, 392 complete). Features, unstandardised: Cylinders,
 * Displacement, Horsepower, Weight_in_lbs, Acceleration, Year (70..82, from "1970-01-01"), and
 * Origin one-hot (USA, Europe, Japan). Target: Miles_per_Gallon, as a [n, 1] column.
 *
 * Reference: R. Quinlan, "Combining instance-based and model-based learning", ICML 1993 (the UCI
 * Auto MPG data set); 1983 ASA Data Expo.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as T from '../tensor/index.js'
import type { DataError, DataErrors } from './data-error.js'
import { showFound } from './data-error.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

// JSON text may hold 1e999, which JSON.parse reads as Infinity: a number, but not a datum.
const finite = t.refinement(t.number, Number.isFinite, 'a finite number')
const nullableNumber = t.union([finite, t.null], 'a number or null')
const yearFromDate = new t.Type<number, string, unknown>(
  'a date "YYYY-MM-DD" in 1900..1999',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const m = typeof u === 'string' ? /^19(\d\d)-\d\d-\d\d$/.exec(u) : null
    return m === null ? t.failure(u, c) : t.success(Number(m[1]))
  },
  (y) => `${1900 + y}-01-01`
)

/**
 * One record of cars.json.
 *
 * @category model
 * @since 0.1.0
 */
export const Car = t.type(
  {
    Name: t.string,
    Miles_per_Gallon: nullableNumber,
    Cylinders: finite,
    Displacement: finite,
    Horsepower: nullableNumber,
    Weight_in_lbs: finite,
    Acceleration: finite,
    Year: yearFromDate,
    Origin: t.keyof({ USA: null, Europe: null, Japan: null }, '"USA", "Europe" or "Japan"')
  },
  'Car'
)
/** @category model @since 0.1.0 */
export type Car = t.TypeOf<typeof Car>

/** The feature columns, in order. @category model @since 0.1.0 */
export const carsFeatureNames = [
  'Cylinders',
  'Displacement',
  'Horsepower',
  'Weight_in_lbs',
  'Acceleration',
  'Year',
  'originUSA',
  'originEurope',
  'originJapan'
] as const

/**
 * The decoded data set: complete records only, their names, and how many were dropped.
 *
 * @category model
 * @since 0.1.0
 */
export interface Cars {
  readonly features: T.Tensor<[number, 9]>
  readonly target: T.Tensor<[number, 1]>
  readonly names: ReadonlyArray<string>
  readonly kept: number
  readonly dropped: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Decode the parsed JSON of cars.json (`file` names it in errors: `cars.json[17].Horsepower`).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const car = { Name: 'a', Miles_per_Gallon: 18, Cylinders: 8, Displacement: 307, Horsepower: 130,
 *   Weight_in_lbs: 3504, Acceleration: 12, Year: '1970-01-01', Origin: 'USA' }
 * const cars = Data.decodeCars([car, { ...car, Horsepower: null }])
 * assert.ok(E.isRight(cars) && cars.right.kept === 1 && cars.right.dropped === 1 && cars.right.features.data[5] === 70)
 * const bad = Data.decodeCars([{ ...car, Horsepower: '130' }])
 * assert.deepStrictEqual(E.mapLeft(Data.showDataErrors)(bad), E.left('cars.json[0].Horsepower: expected a number or null, got "130"'))
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeCars = (json: unknown, file = 'cars.json'): E.Either<DataErrors, Cars> => {
  if (!Array.isArray(json)) return E.left([{ path: file, expected: 'an array of car records', found: typeof json }])
  const errors: Array<DataError> = []
  const cars: Array<Car> = []
  json.forEach((u: unknown, i) => {
    const d = Car.decode(u)
    if (E.isRight(d)) cars.push(d.right)
    else errors.push(...dedupe(d.left.map((e) => toDataError(e, `${file}[${i}]`))))
  })
  if (errors.length > 0) return E.left(errors)
  const complete = cars.filter(isComplete)
  const rows = complete
    .map((c) => [
      c.Cylinders,
      c.Displacement,
      c.Horsepower,
      c.Weight_in_lbs,
      c.Acceleration,
      c.Year,
      +(c.Origin === 'USA'),
      +(c.Origin === 'Europe'),
      +(c.Origin === 'Japan')
    ])
    .flat()
  return E.right({
    features: T.fromValues([complete.length, 9], rows),
    target: T.fromValues([complete.length, 1], complete.map((c) => c.Miles_per_Gallon)),
    names: complete.map((c) => c.Name),
    kept: complete.length,
    dropped: cars.length - complete.length
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// A car with both the target and the horsepower known (the rows a regression can use).
type CompleteCar = Car & { readonly Miles_per_Gallon: number; readonly Horsepower: number }
const isComplete = (c: Car): c is CompleteCar => c.Miles_per_Gallon !== null && c.Horsepower !== null

// io-ts context: [Car, field, (union member)]; the field's codec name is the expectation, and a
// union reports once per member, so errors are merged per path.
const toDataError = (e: t.ValidationError, where: string): DataError => {
  const field = e.context[1]
  return field === undefined
    ? { path: where, expected: 'a car record', found: showFound(e.value) }
    : {
        path: `${where}.${field.key}`,
        expected: field.type.name,
        found: e.value === undefined ? 'nothing (missing)' : showFound(e.value)
      }
}

const dedupe = (es: ReadonlyArray<DataError>): ReadonlyArray<DataError> =>
  es.filter((e, i) => es.findIndex((f) => f.path === e.path) === i)
