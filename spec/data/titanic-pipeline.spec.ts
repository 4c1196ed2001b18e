import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/titanic-pipeline.js'
import { showDataError } from '../../src/data/data-error.js'
import { fitTitanicFeatures } from '../../src/data/titanic-features.js'
import { decodeTitanicTrain } from '../../src/data/titanic.js'

const text = readFileSync(new URL('../fixtures/titanic/train.csv', import.meta.url), 'utf8')
const rows = E.getOrElseW(() => [])(decodeTitanicTrain(text))
const fitted = fitTitanicFeatures(rows)

describe('titanic-pipeline', () => {
  describe('titanicFeatureNames', () => {
    it('should name 24 columns, matching the literal count', () => {
      expect(_.titanicFeatureNames.length).toBe(24)
      expect(_.titanicFeatureCount).toBe(24)
      expect(new Set(_.titanicFeatureNames).size).toBe(24)
    })
  })
  describe('decodeTitanicPipeline', () => {
    it('should accept a fitted pipeline after a JSON round trip', () => {
      expect(_.decodeTitanicPipeline(JSON.parse(JSON.stringify(fitted)))).toEqual(E.right(fitted))
    })
    it('should name each bad field by its path', () => {
      const bad = { ...fitted, version: 2, embarkedMode: 'X', scale: { mean: fitted.scale.mean, std: 'oops' } }
      const r = _.decodeTitanicPipeline(bad)
      expect(E.isLeft(r) && r.left.map(showDataError)).toEqual([
        'pipeline/version: expected 1, got 2',
        'pipeline/embarkedMode: expected "C" | "Q" | "S", got "X"',
        'pipeline/scale/std: expected Array<number>, got "oops"'
      ])
    })
    it('should refuse statistics for the wrong number of columns or a zero scale', () => {
      const r = _.decodeTitanicPipeline({ ...fitted, scale: { mean: [0], std: [0] } })
      expect(E.isLeft(r) && r.left.map(showDataError)).toEqual([
        'pipeline/scale: expected 24 means and positive scales, got 1 means, 1 scales'
      ])
    })
    it('should refuse something that is not a pipeline at all', () => {
      expect(E.isLeft(_.decodeTitanicPipeline(null))).toBe(true)
      expect(E.isLeft(_.decodeTitanicPipeline('{}'))).toBe(true)
    })
  })
})
