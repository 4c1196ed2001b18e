import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

const stats = (t: Tensor.AnyTensor): { mean: number; std: number; maxAbs: number } => {
  const v = Tensor.toArray(t)
  const mean = v.reduce((s, x) => s + x, 0) / v.length
  const std = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length)
  return { mean, std, maxAbs: Math.max(...v.map(Math.abs)) }
}

describe('init', () => {
  // 200·100 = 20,000 samples: the sample std is within about 1 % of the true one (3σ ≈ 1.5 %).
  describe('he', () => {
    it('should draw N(0, 2/fanIn)', () => {
      const s = stats(_.he.sample(Random.key(1), 200, 100, 'float64'))
      expect(Math.abs(s.mean)).toBeLessThan(0.003)
      expect(s.std / Math.sqrt(2 / 200)).toBeCloseTo(1, 1)
    })
  })
  describe('glorot', () => {
    it('should draw U(−r, r), r = √(6/(fanIn + fanOut))', () => {
      const r = Math.sqrt(6 / 300)
      const s = stats(_.glorot.sample(Random.key(2), 200, 100, 'float64'))
      expect(s.maxAbs).toBeLessThanOrEqual(r)
      expect(s.std / (r / Math.sqrt(3))).toBeCloseTo(1, 1)
      expect(_.xavier).toBe(_.glorot)
    })
  })
  describe('normal', () => {
    it('should draw N(0, std²)', () => {
      expect(stats(_.normal(0.01).sample(Random.key(3), 200, 100, 'float64')).std / 0.01).toBeCloseTo(1, 1)
    })
  })
  describe('zeros', () => {
    it('should give zeros of the requested shape and dtype', () => {
      const w = _.zeros.sample(Random.key(0), 2, 3, 'float64')
      expect([...w.shape]).toEqual([2, 3])
      expect(w.dtype).toBe('float64')
      expect(Tensor.toArray(w)).toEqual([0, 0, 0, 0, 0, 0])
    })
  })
})
