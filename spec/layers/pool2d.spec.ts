import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')

describe('maxPool2d and avgPool2d', () => {
  const x = f64([[[[1, 5, 2, 0], [3, 4, 8, 1], [0, 0, 1, 1], [9, 0, 1, 2]]]])
  it('should take the largest value of each 2×2 window and send Δ to it alone (worked by hand)', () => {
    const l = _.build(_.input([1, 4, 4], 'float64'), _.maxPool2d({ size: 2 }))
    const [y, tape] = l.forward({}, x, _.evalCtx)
    expect(Tensor.toNested(y)).toEqual([[[[5, 8], [9, 2]]]])
    const [, dx] = l.backward({}, tape, f64([[[[1, 2], [3, 4]]]]))
    expect(Tensor.toNested(dx)).toEqual([[[[0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0], [3, 0, 0, 4]]]])
  })
  it('should average each window and share Δ equally (worked by hand)', () => {
    const l = _.build(_.input([1, 4, 4], 'float64'), _.avgPool2d({ size: 2 }))
    const [y, tape] = l.forward({}, x, _.evalCtx)
    expect(Tensor.toNested(y)).toEqual([[[[3.25, 2.75], [2.25, 1.25]]]])
    const [, dx] = l.backward({}, tape, f64([[[[4, 0], [0, 8]]]]))
    expect(Tensor.toNested(dx)).toEqual([[[[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 2, 2], [0, 0, 2, 2]]]])
  })
  const cases = [
    { name: '2×2', row: [3, 4, 6], opts: { size: 2 } },
    { name: '3×3 stride 2 (overlapping)', row: [2, 7, 5], opts: { size: 3, stride: 2 } },
    { name: '2×1 stride [1, 1]', row: [1, 3, 3], opts: { size: [2, 1], stride: 1 } },
    { name: '3×3 over 7×7 (floor)', row: [2, 7, 7], opts: { size: 3 } }
  ] as const
  for (const c of cases) {
    for (const kind of ['maxPool2d', 'avgPool2d'] as const) {
      it(`${kind} should agree with central differences over 3 seeds (float64) and leave inputs unchanged: ${c.name}`, () => {
        const opts = c.opts as _.Pool2dOptions<_.Size2, _.Size2>
        const from = _.input(c.row, 'float64')
        for (const s of seeds) {
          const x = randn(s + 10, [2, ...c.row])
          if (kind === 'maxPool2d') checkLayer(`${kind} ${c.name} seed ${s}`, _.build(from, _.maxPool2d(opts)), {}, x)
          else checkLayer(`${kind} ${c.name} seed ${s}`, _.build(from, _.avgPool2d(opts)), {}, x)
        }
      })
    }
  }
  it('should describe themselves and report a window that does not fit', () => {
    const l = _.build(_.input([16, 28, 28]), _.maxPool2d({ size: 2 }))
    expect(l.outputRow).toEqual([16, 14, 14])
    expect(l.spec).toEqual({ kind: 'maxPool2d', size: [2, 2], stride: [2, 2] })
    expect(_.build(_.input([1, 4, 4]), _.avgPool2d({ size: 2, stride: 1 })).spec).toEqual({ kind: 'avgPool2d', size: [2, 2], stride: [1, 1] })
    const r = Tensor.attempt(() => _.serialOf(_.input([1, 1, 1]), [_.maxPool2d({ size: 2 })]))
    expect(E.isLeft(r) && r.left.message).toBe('maxPool2d(2×2): expected a window that fits the input [B, 1, 1, 1], found the 2×2 window is larger than the padded input 1×1 (1×1 with padding 0×0)')
  })
})

describe('reshape', () => {
  it('should turn [B, 784] into [B, 1, 28, 28] and back, without changing a value', () => {
    const l = _.build(_.input(12, 'float64'), _.reshape([3, 2, 2]))
    const v = randn(1, [2, 12])
    const [y] = l.forward({}, v, _.evalCtx)
    expect(y.shape).toEqual([2, 3, 2, 2])
    expect(Tensor.toArray(y)).toEqual(Tensor.toArray(v))
    expect(l.spec).toEqual({ kind: 'reshape', row: [3, 2, 2] })
    for (const s of seeds) checkLayer(`reshape seed ${s}`, l, {}, randn(s, [3, 12]))
  })
  it('should refuse a row with another number of values', () => {
    const r = Tensor.attempt(() => _.serialOf(_.input(784), [_.reshape([1, 28, 27])]))
    expect(E.isLeft(r) && r.left.message).toBe('reshape([784]→[1, 28, 27]): expected a row with 784 values like [784], found [1, 28, 27] with 756')
  })
})
