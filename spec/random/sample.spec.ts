import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import { key } from '../../src/random/key.js'
import * as _ from '../../src/random/sample.js'

const meanStd = (xs: ArrayLike<number>): readonly [number, number] => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  const m = s / xs.length
  let v = 0
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2
  return [m, Math.sqrt(v / xs.length)]
}

describe('sample', () => {
  it('should draw uniforms in range with mean ½ and variance 1/12', () => {
    const u = _.uniform(key(1), [50000], { dtype: 'float64' })
    expect(Array.from(u.data as ArrayLike<number>).every((x) => x >= 0 && x < 1)).toBe(true)
    const [m, s] = meanStd(u.data)
    expect(Math.abs(m - 0.5)).toBeLessThan(0.005)
    expect(Math.abs(s - Math.sqrt(1 / 12))).toBeLessThan(0.005)
  })
  it('should draw normals with the requested mean and std', () => {
    const z = _.normal(key(2), [200, 250], { mean: 1, std: 3, dtype: 'float64' })
    const [m, s] = meanStd(z.data)
    expect(Math.abs(m - 1)).toBeLessThan(0.05)
    expect(Math.abs(s - 3)).toBeLessThan(0.05)
    expect(Array.from(z.data).every(Number.isFinite)).toBe(true)
  })
  it('should be reproducible from the key and differ across keys', () => {
    expect(Tensor.toArray(_.normal(key(5), [10]))).toEqual(Tensor.toArray(_.normal(key(5), [10])))
    expect(Tensor.toArray(_.normal(key(5), [10]))).not.toEqual(Tensor.toArray(_.normal(key(6), [10])))
  })
  it('should draw a Bernoulli mask with the requested rate', () => {
    const m = _.bernoulli(key(3), [20000], 0.8)
    const [mean] = meanStd(m.data)
    expect(Math.abs(mean - 0.8)).toBeLessThan(0.02)
    expect(Array.from(m.data).every((x) => x === 0 || x === 1)).toBe(true)
  })
  it('should permute 0..n−1, and spread each element over all positions', () => {
    expect(Array.from(_.permutation(key(4), 10)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(_.permutation(key(4), 0).length).toBe(0)
    const counts = new Array<number>(5).fill(0)
    for (let s = 0; s < 5000; s++) counts[_.permutation(key(s), 5).indexOf(0)]! += 1
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150)
  })
  it('should give the ordering of Fisher–Yates written out, with j = ⌊unit(key, i)·(i + 1)⌋ (same seed, same shuffle)', () => {
    const out = Array.from({ length: 1000 }, (_x, i) => i)
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(_.unit(key(7), i) * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    expect(Array.from(_.permutation(key(7), 1000))).toEqual(out)
  })
})
