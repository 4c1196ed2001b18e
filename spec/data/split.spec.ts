import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/split.js'
import { key } from '../../src/random/key.js'

const sorted = (xs: ArrayLike<number>): Array<number> => Array.from(xs).sort((a, b) => a - b)
const range = (n: number): Array<number> => Array.from({ length: n }, (_x, i) => i)

describe('split', () => {
  describe('trainTestSplit', () => {
    it('should partition the rows with the requested test share', () => {
      const s = _.trainTestSplit(key(7), 392, 0.2)
      expect([s.train.length, s.test.length]).toEqual([314, 78])
      expect(sorted([...s.train, ...s.test])).toEqual(range(392))
    })
    it('should be reproducible from the key and differ across keys', () => {
      expect(_.trainTestSplit(key(1), 50, 0.3)).toEqual(_.trainTestSplit(key(1), 50, 0.3))
      expect(_.trainTestSplit(key(1), 50, 0.3).test).not.toEqual(_.trainTestSplit(key(2), 50, 0.3).test)
    })
    it('should clamp the fraction', () => {
      expect(_.trainTestSplit(key(1), 5, 2).train.length).toBe(0)
      expect(_.trainTestSplit(key(1), 5, -1).test.length).toBe(0)
    })
  })
  describe('kFolds', () => {
    it('should put every row in exactly one test fold, and the rest in train', () => {
      const folds = _.kFolds(key(3), 23, 5)
      expect(sorted(folds.flatMap((f) => Array.from(f.test)))).toEqual(range(23))
      for (const f of folds) expect(sorted([...f.train, ...f.test])).toEqual(range(23))
    })
    it('should stratify by label when labels are given', () => {
      const labels = range(100).map((i) => (i < 30 ? 1 : 0))
      for (const f of _.kFolds(key(4), 100, 5, labels))
        expect(Array.from(f.test).filter((i) => labels[i] === 1).length).toBe(6)
    })
  })
})
