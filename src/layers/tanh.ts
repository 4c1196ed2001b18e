/**
 * The hyperbolic tangent: h(a) = tanh(a), with h′(a) = 1 − tanh²(a) = 1 − y², written in terms
 * of the output y, which the tape keeps.
 *
 * @since 0.1.0
 */
import { pointwise } from './pointwise.js'
import type { SameShape, Stage } from './stage.js'

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The tanh activation, element-wise.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(1), Layer.tanh())
 * assert.deepStrictEqual(Tensor.toNested(l.forward({}, Tensor.tensor([[0]]), Layer.evalCtx)[0]), [[0]])
 *
 * @category layers
 * @since 0.1.0
 */
export const tanh = (): Stage<SameShape<'output'>> => pointwise({ name: 'tanh', h: Math.tanh, dh: (y) => 1 - y * y, keeps: 'output', spec: { kind: 'tanh' } })
