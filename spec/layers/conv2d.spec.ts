import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('conv2d', () => {
  it('should compute one 2×2 kernel over a 3×3 image by hand (cross-correlation, with bias)', () => {
    const l = _.build(_.input([1, 3, 3], 'float64'), _.conv2d({ filters: 1, kernel: 2 }))
    const p = { w: f64([[[[1, 0], [0, -1]]]]), b: f64([0.5]) }
    const x = f64([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]])
    const [y, tape] = l.forward(p, x, _.evalCtx)
    // y[0][0] = 1·1 + 0·2 + 0·4 − 1·5 + 0.5 = −3.5, and every window differs by the same −4 + 0.5
    expect(Tensor.toNested(y)).toEqual([[[[-3.5, -3.5], [-3.5, -3.5]]]])
    const [g, dx] = l.backward(p, tape, f64([[[[1, 0], [0, 0]]]]))
    expect(Tensor.toNested(g.w)).toEqual([[[[1, 2], [4, 5]]]])
    expect(Tensor.toNested(g.b)).toEqual([1])
    expect(Tensor.toNested(dx)).toEqual([[[[1, 0, 0], [0, -1, 0], [0, 0, 0]]]])
  })
  it('should pad with zeros: a 3×3 kernel of ones with padding 1 sums each 3×3 neighbourhood', () => {
    const l = _.build(_.input([1, 2, 2], 'float64'), _.conv2d({ filters: 1, kernel: 3, padding: 'same' }))
    const p = { w: Tensor.ones([1, 1, 3, 3], 'float64'), b: f64([0]) }
    const [y] = l.forward(p, f64([[[[1, 2], [3, 4]]]]), _.evalCtx)
    expect(Tensor.toNested(y)).toEqual([[[[10, 10], [10, 10]]]])
  })
  const cases = [
    { name: 'C=2 F=3 3×3 pad 1', row: [2, 5, 5], opts: { filters: 3, kernel: 3, padding: 1 } },
    { name: 'C=3 F=2 3×2 stride 2', row: [3, 6, 5], opts: { filters: 2, kernel: [3, 2], stride: 2 } },
    { name: 'C=1 F=4 1×1', row: [1, 3, 4], opts: { filters: 4, kernel: 1 } },
    { name: 'C=5 F=2 2×2 stride [2, 1] pad [1, 0]', row: [5, 4, 4], opts: { filters: 2, kernel: 2, stride: [2, 1], padding: [1, 0] } }
  ] as const
  for (const c of cases) {
    it(`should agree with central differences over 3 seeds (float64, ≤ 1e-6) and leave inputs unchanged: ${c.name}`, () => {
      const l = _.build(_.input(c.row, 'float64'), _.conv2d(c.opts as _.Conv2dOptions<number, _.Size2, _.Size2, _.Size2>))
      for (const s of seeds) {
        const p = l.init(Random.key(s))
        const q = { ...p, b: randn(s + 20, p.b.shape) }
        checkLayer(`conv2d ${c.name} seed ${s}`, l, q, randn(s + 10, [2, ...c.row]))
      }
    })
  }
  it('should give the same ∂L/∂P from gradients() as from backward()', () => {
    const l = _.build(_.input([2, 4, 4], 'float64'), _.conv2d({ filters: 3, kernel: 3, padding: 1 }))
    const p = l.init(Random.key(1))
    const [y, tape] = l.forward(p, randn(2, [3, 2, 4, 4]), _.evalCtx)
    const d = randn(3, y.shape)
    expect(Tensor.toArray(l.gradients!(p, tape, d).w)).toEqual(Tensor.toArray(l.backward(p, tape, d)[0].w))
  })
  it('should initialise with He over the fan-in C·KH·KW, zero biases, and describe itself', () => {
    const l = _.build(_.input([8, 10, 10]), _.conv2d({ filters: 64, kernel: 3 }))
    const p = l.init(Random.key(0))
    expect(p.w.shape).toEqual([64, 8, 3, 3])
    const v = Tensor.toArray(p.w)
    const std = Math.sqrt(v.reduce((a, x) => a + x * x, 0) / v.length)
    expect(std).toBeCloseTo(Math.sqrt(2 / 72), 2)
    expect(Tensor.toArray(p.b).every((b) => b === 0)).toBe(true)
    expect(l.spec).toEqual({ kind: 'conv2d', inChannels: 8, filters: 64, kernel: [3, 3], stride: [1, 1], padding: [0, 0] })
    expect(l.name).toBe('conv2d(8→64, 3×3, stride 1×1, padding 0×0)')
  })
  it('should report images of another size, naming the layer and both shapes', () => {
    const l = _.build(_.input([1, 28, 28]), _.conv2d({ filters: 2, kernel: 3 }))
    const r = Tensor.attempt(() => l.forward(l.init(Random.key(0)), Tensor.zeros([2, 1, 32, 32]) as unknown as Tensor.Tensor<[number, 1, 28, 28]>, _.evalCtx))
    expect(E.isLeft(r) && r.left.message).toBe('conv2d(1→2, 3×3, stride 1×1, padding 0×0): expected [B, 1, 28, 28] float32, found [2, 1, 32, 32] float32')
  })
  it('should refuse at build time a kernel larger than the padded input, and a flat input', () => {
    const r = Tensor.attempt(() => _.serialOf(_.input([1, 2, 2]), [_.conv2d({ filters: 1, kernel: 3 })]))
    expect(E.isLeft(r) && r.left.message).toBe('conv2d(1, 3×3): expected a window that fits the input [B, 1, 2, 2], found the 3×3 window is larger than the padded input 2×2 (2×2 with padding 0×0)')
    const flat = Tensor.attempt(() => _.serialOf(_.input(784), [_.conv2d({ filters: 1, kernel: 3 })]))
    expect(E.isLeft(flat) && flat.left.message).toBe('conv2d(1, 3×3): expected a batch of images [B, channels, height, width], found [B, 784]: reshape([channels, height, width]) first')
  })
})
