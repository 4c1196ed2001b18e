import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/titanic-features.js'
import { decodeTitanicPipeline, titanicFeatureNames } from '../../src/data/titanic-pipeline.js'
import { decodeTitanicTest, decodeTitanicTrain } from '../../src/data/titanic.js'
import type { LabelledPassenger, Passenger } from '../../src/data/titanic.js'

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/titanic/${name}`, import.meta.url), 'utf8')
const rightOf = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left))
  return r.right
}
const train = rightOf(decodeTitanicTrain(fixture('train.csv')))
const test = rightOf(decodeTitanicTest(fixture('test.csv')))
const col = (name: (typeof titanicFeatureNames)[number]): number => titanicFeatureNames.indexOf(name)
const raw = (
  p: ReturnType<typeof _.fitTitanicFeatures>,
  rows: ReadonlyArray<Passenger>,
  name: (typeof titanicFeatureNames)[number]
): Array<number> => {
  const x = _.rawTitanicFeatures(p, rows)
  return rows.map((_r, i) => x.data[i * 24 + col(name)]!)
}

const person = (
  id: number,
  ticket: string,
  sex: 'male' | 'female',
  survived: 0 | 1,
  name = `Doe${id}, ${sex === 'male' ? 'Mr' : 'Mrs'}. X`
): LabelledPassenger => ({
  PassengerId: id,
  Survived: survived,
  Pclass: 2,
  Name: name,
  Sex: sex,
  Age: 30,
  SibSp: 0,
  Parch: 0,
  Ticket: ticket,
  Fare: 10 + id,
  Cabin: null,
  Embarked: 'S'
})

describe('titanic-features', () => {
  describe('titleOf', () => {
    it('should group titles into Mr, Mrs, Miss, Master and Rare', () => {
      const names = [
        'Braund, Mr. Owen',
        'Cumings, Mrs. John',
        'Heikkinen, Miss. Laina',
        'Palsson, Master. Gosta',
        'Aubart, Mme. L',
        'Reynaldo, Ms. E',
        'Sagesser, Mlle. Emma',
        'Byles, Rev. Thomas',
        'Rothes, the Countess. of (Lucy)',
        'Oliva y Ocana, Dona. Fermina',
        'no title'
      ]
      expect(names.map(_.titleOf)).toEqual([
        'Mr',
        'Mrs',
        'Miss',
        'Master',
        'Mrs',
        'Miss',
        'Miss',
        'Rare',
        'Rare',
        'Rare',
        'Rare'
      ])
    })
  })

  describe('fitTitanicFeatures', () => {
    it('should learn medians and the mode from the training rows (hand-worked on the fixture)', () => {
      const p = _.fitTitanicFeatures(train)
      // Mr in class 3 with an age: Braund 22 and Allen 35 → median 28.5.
      expect(p.ageMedian['Mr|3']).toBe(28.5)
      // Embarked: S 8, C 2, Q 1 (one missing).
      expect(p.embarkedMode).toBe('S')
      // Class-3 fares: 7.25, 7.925, 8.05, 8.4583, 21.075, 11.1333, 16.7 → median 8.4583.
      expect(p.logFareMedian['3']).toBeCloseTo(Math.log1p(8.4583), 12)
    })
    it('should not change its input rows', () => {
      const before = structuredClone(train)
      _.fitTitanicFeatures(train)
      expect(train).toEqual(before)
    })
  })

  describe('rawTitanicFeatures', () => {
    const p = _.fitTitanicFeatures(train)
    it('should impute Age by its Title × Pclass median and flag it', () => {
      // Row 6 is Moran, Mr., class 3, no age.
      expect([raw(p, train, 'age')[5], raw(p, train, 'ageMissing')[5], raw(p, train, 'ageMissing')[0]]).toEqual([
        28.5, 1, 0
      ])
    })
    it('should impute Fare by the class median and Embarked by the mode', () => {
      const storey = test.filter((r) => r.PassengerId === 1044)
      expect(raw(p, storey, 'logFare')[0]).toBeCloseTo(Math.log1p(8.4583), 6)
      expect([raw(p, train, 'embarkedS')[11], raw(p, train, 'embarkedC')[11]]).toEqual([1, 0])
    })
    it('should encode class, sex, title, family, cabin and deck (hand-worked rows)', () => {
      const x = _.rawTitanicFeatures(p, train.slice(0, 2))
      const row = (i: number) => Object.fromEntries(titanicFeatureNames.map((n, j) => [n, x.data[i * 24 + j]]))
      expect(row(0)).toMatchObject({
        pclass3: 1,
        female: 0,
        age: 22,
        sibSp: 1,
        parch: 0,
        familySize: 2,
        alone: 0,
        titleMr: 1,
        cabinKnown: 0,
        deck: 0,
        ticketGroupSize: 1
      })
      expect(row(0)['logFare']).toBeCloseTo(Math.log1p(7.25), 6)
      expect(row(1)).toMatchObject({ pclass1: 1, female: 1, titleMrs: 1, embarkedC: 1, cabinKnown: 1, deck: 3 })
    })
    it('should count a new passenger in its ticket group, and a training one once', () => {
      const rows = [person(1, 'T', 'male', 0), person(2, 'T', 'male', 1)]
      const q = _.fitTitanicFeatures(rows)
      expect(raw(q, [...rows, person(3, 'T', 'male', 0), person(4, 'U', 'male', 0)], 'ticketGroupSize')).toEqual([
        2, 2, 3, 1
      ])
    })
  })

  describe('group survival', () => {
    it('should treat tickets and surnames that look like object properties as plain text', () => {
      const odd = [person(1, 'constructor', 'female', 1, 'toString, Mrs. A'), person(2, '__proto__', 'female', 0)]
      const q = _.fitTitanicFeatures(odd)
      expect(raw(q, [...odd, person(3, 'constructor', 'female', 0)], 'ticketGroupSize')).toEqual([1, 1, 2])
      expect(raw(q, [person(4, 'constructor', 'female', 0)], 'groupSurvival')).toEqual([1])
      expect(Object.keys(q.tickets).sort()).toEqual(['__proto__', 'constructor'])
      const reloaded = decodeTitanicPipeline(JSON.parse(JSON.stringify(q)))
      expect(E.isRight(reloaded) && Object.keys(reloaded.right.tickets).sort()).toEqual(['__proto__', 'constructor'])
    })
    // Three women on ticket T survived 1, 1, 0; a man on T; a woman alone on ticket U.
    const rows = [
      person(1, 'T', 'female', 1),
      person(2, 'T', 'female', 1),
      person(3, 'T', 'female', 0),
      person(4, 'T', 'male', 1),
      person(5, 'U', 'female', 1)
    ]
    const p = _.fitTitanicFeatures(rows)
    it("should use the other training women and boys of the group, never the row's own label", () => {
      // Leave-one-out: woman 1 sees {1, 0} → ½; woman 3 sees {1, 1} → 1; woman 5 sees nobody.
      expect(raw(p, rows, 'groupSurvival')).toEqual([0.5, 0.5, 1, 0, 0])
      expect(raw(p, rows, 'groupUnknown')).toEqual([0, 0, 0, 1, 1])
    })
    it('should give a new woman or boy the share of all training members of the group', () => {
      const boy = { ...person(9, 'T', 'male', 0, 'Doe9, Master. Y') }
      expect(raw(p, [person(8, 'T', 'female', 0), boy, person(10, 'T', 'male', 0)], 'groupSurvival')).toEqual([
        Math.fround(2 / 3),
        Math.fround(2 / 3),
        0
      ])
    })
    it('should also group by surname and fare (a family on different tickets), counting each member once', () => {
      const family = [
        { ...person(1, 'A', 'female', 1), Name: 'Smith, Mrs. A', Fare: 50 },
        { ...person(2, 'B', 'female', 0), Name: 'Smith, Miss. B', Fare: 50 }
      ]
      const q = _.fitTitanicFeatures(family)
      expect(raw(q, family, 'groupSurvival')).toEqual([0, 1])
      expect(raw(q, [{ ...family[0]!, PassengerId: 3 }], 'groupSurvival')).toEqual([0.5])
    })
    it("should leave every training row's features unchanged when its own label flips", () => {
      const base = rightOf(decodeTitanicTrain(fixture('train.csv')))
      base.forEach((r, i) => {
        const flipped = base.map((s, j) => (j === i ? { ...s, Survived: (1 - s.Survived) as 0 | 1 } : s))
        const a = _.rawTitanicFeatures(_.fitTitanicFeatures(base), [r])
        const b = _.rawTitanicFeatures(_.fitTitanicFeatures(flipped), [r])
        expect(Array.from(b.data)).toEqual(Array.from(a.data))
      })
    })
  })

  describe('titanicFeatures', () => {
    const p = _.fitTitanicFeatures(train)
    it('should standardise with the training statistics: training columns have mean 0 and std 1 (or 0 if constant)', () => {
      const x = _.titanicFeatures(p, train)
      expect(x.shape).toEqual([12, 24])
      for (let j = 0; j < 24; j++) {
        const c = train.map((_r, i) => x.data[i * 24 + j]!)
        const m = c.reduce((a, v) => a + v, 0) / c.length
        const s = Math.sqrt(c.reduce((a, v) => a + (v - m) ** 2, 0) / c.length)
        expect(Math.abs(m)).toBeLessThan(1e-6)
        expect([0, 1].some((t) => Math.abs(s - t) < 1e-5)).toBe(true)
      }
    })
    it('should transform each new row on its own (no statistics taken from test rows)', () => {
      const all = _.titanicFeatures(p, test)
      test.forEach((r, i) =>
        expect(Array.from(_.titanicFeatures(p, [r]).data)).toEqual(Array.from(all.data.slice(i * 24, i * 24 + 24)))
      )
      expect(Array.from(all.data).every(Number.isFinite)).toBe(true)
    })
    it('should give the same features after a JSON save and a validated reload', () => {
      const reloaded = rightOf(decodeTitanicPipeline(JSON.parse(JSON.stringify(p))))
      expect(reloaded).toEqual(p)
      expect(Array.from(_.titanicFeatures(reloaded, test).data)).toEqual(Array.from(_.titanicFeatures(p, test).data))
    })
  })
})
