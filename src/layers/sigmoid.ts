/**
 * The logistic sigmoid: h(a) = σ(a) = 1 / (1 + e^(−a)), with h′(a) = σ(a)(1 − σ(a)) = y(1 − y),
 * written in terms of the output y, which the tape keeps.
 *
 * σ is evaluated without overflow on both sides: for a ≥ 0 as 1/(1 + e^(−a)), and for a < 0 as
 * e^a/(1 + e^a), so e^(−a) is never computed for a large negative a.
 *
 * @since 0.1.0
 */
import { pointwise } from './pointwise.js'
import type { SameShape, Stage } from './stage.js'

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The sigmoid activation, element-wise.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(1), Layer.sigmoid())
 * assert.deepStrictEqual(Tensor.toNested(l.forward({}, Tensor.tensor([[0]]), Layer.evalCtx)[0]), [[0.5]])
 *
 * @category layers
 * @since 0.1.0
 */
export const sigmoid = (): Stage<SameShape<'output'>> =>
  pointwise({ name: 'sigmoid', h: logistic, dh: (y) => y * (1 - y), keeps: 'output', spec: { kind: 'sigmoid' } })

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const logistic = (a: number): number => {
  if (a >= 0) return 1 / (1 + Math.exp(-a))
  const e = Math.exp(a)
  return e / (1 + e)
}
