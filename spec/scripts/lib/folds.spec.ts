import { describe, expect, it } from 'vitest'
import { Random } from '../../../src/index.js'
import * as _ from '../../../scripts/lib/folds.js'

describe('folds', () => {
  it('should partition the rows into k disjoint test folds that keep class proportions', () => {
    const labels = Array.from({ length: 100 }, (_x, i) => (i < 30 ? 1 : 0))
    const folds = _.stratifiedKFold(Random.key(1), labels, 5)
    const seen = folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b)
    expect(seen).toEqual(Array.from({ length: 100 }, (_x, i) => i))
    for (const f of folds) {
      expect(f.test.length).toBe(20)
      expect(Array.from(f.test).filter((i) => labels[i] === 1).length).toBe(6)
      expect(f.train.length + f.test.length).toBe(100)
      expect(Array.from(f.train).some((i) => f.test.includes(i))).toBe(false)
    }
  })
  it('should be reproducible from the key', () => {
    const labels = [0, 1, 0, 1, 0, 1, 1, 0]
    expect(_.stratifiedKFold(Random.key(3), labels, 2)).toEqual(_.stratifiedKFold(Random.key(3), labels, 2))
  })
  it('should split train/test by fraction', () => {
    const s = _.trainTestSplit(Random.key(0), 10, 0.2)
    expect(s.test.length).toBe(2)
    expect([...s.train, ...s.test].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })
})
