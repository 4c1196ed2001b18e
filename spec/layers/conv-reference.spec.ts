import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

// Random window problems: strides 1–2, paddings 0–2, kernels 1×1 to 3×3, batch 1–3, channel
// counts that are not multiples of any SIMD width (1, 3, 5, 7).
const problem = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    channels: fc.constantFrom(1, 2, 3, 5, 7),
    filters: fc.constantFrom(1, 3, 4, 5),
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    sh: fc.integer({ min: 1, max: 2 }),
    sw: fc.integer({ min: 1, max: 2 }),
    ph: fc.integer({ min: 0, max: 2 }),
    pw: fc.integer({ min: 0, max: 2 }),
    h: fc.integer({ min: 3, max: 9 }),
    w: fc.integer({ min: 3, max: 9 }),
    seed: fc.integer({ min: 0, max: 1000 })
  })
  .filter((p) => p.ph < p.kh && p.pw < p.kw)

const close = (a: Tensor.AnyTensor, b: Tensor.AnyTensor, tol: number): void => {
  expect([...a.shape]).toEqual([...b.shape])
  const worst = Tensor.toArray(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b.data[i]!)), 0)
  expect(worst).toBeLessThanOrEqual(tol)
}

describe('fast conv2d and pooling against the plain-loop references', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    const tol = dtype === 'float64' ? 1e-10 : 1e-4
    test.prop([problem], { numRuns: 60 })(`conv2d forward and backward agree (${dtype})`, (p) => {
      const l = _.build(
        _.input([p.channels, p.h, p.w], dtype),
        _.conv2d({ filters: p.filters, kernel: [p.kh, p.kw], stride: [p.sh, p.sw], padding: [p.ph, p.pw] })
      )
      const params = l.init(Random.key(p.seed))
      const b = Random.normal(Random.key(p.seed + 1), [p.filters], { dtype })
      const x = Random.normal(Random.key(p.seed + 2), [p.batch, p.channels, p.h, p.w], { dtype })
      const steps = { stride: [p.sh, p.sw], padding: [p.ph, p.pw] } as const
      const [y, tape] = l.forward({ ...params, b }, x, _.evalCtx)
      close(y, _.conv2dReference(x, params.w, b, steps), tol)
      const dy = Random.normal(Random.key(p.seed + 3), y.shape, { dtype })
      const [g, dx] = l.backward({ ...params, b }, tape, dy)
      const ref = _.conv2dBackwardReference(x, params.w, dy, steps)
      close(g.w, ref.w, tol * 10)
      close(g.b, ref.b, tol * 10)
      close(dx, ref.x, tol * 10)
    })
    test.prop([problem], { numRuns: 60 })(`maxPool2d and avgPool2d forward and backward agree (${dtype})`, (p) => {
      const size = [p.kh, p.kw] as const
      const stride = [p.sh, p.sw] as const
      const x = Random.normal(Random.key(p.seed), [p.batch, p.channels, p.h, p.w], { dtype })
      const from = _.input([p.channels, p.h, p.w], dtype)
      const max = _.build(from, _.maxPool2d({ size, stride }))
      const [y, tape] = max.forward({}, x, _.evalCtx)
      close(y, _.maxPool2dReference(x, size, stride), tol)
      const dy = Random.normal(Random.key(p.seed + 1), y.shape, { dtype })
      close(max.backward({}, tape, dy)[1], _.maxPool2dBackwardReference(x, dy, size, stride), tol)
      const avg = _.build(from, _.avgPool2d({ size, stride }))
      const [ya, tapeA] = avg.forward({}, x, _.evalCtx)
      close(ya, _.avgPool2dReference(x, size, stride), tol)
      close(avg.backward({}, tapeA, dy)[1], _.avgPool2dBackwardReference(x, dy, size, stride), tol)
    })
  }
})
