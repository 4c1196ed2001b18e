/**
 * ReLU and leaky ReLU, the lecture's activation for hidden layers:
 *
 *   relu        h(a) = max(0, a)              h′(a) = 1 if a > 0, else 0
 *   leakyRelu   h(a) = a if a > 0, else αa    h′(a) = 1 if a > 0, else α
 *
 * The derivative at exactly 0 is taken as the left one (0, or α), as in the lecture's
 * "1 (a > 0), 0 (a ≤ 0)". Reference: Nair & Hinton 2010; Maas et al. 2013.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { pointwise } from './pointwise.js'
import type { SameShape, Stage } from './stage.js'

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * ReLU: max(0, a), element-wise. Its tape is the input a.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(3), Layer.relu())
 * assert.deepStrictEqual(Tensor.toNested(l.forward({}, Tensor.tensor([[-1, 0, 2]]), Layer.evalCtx)[0]), [[0, 0, 2]])
 *
 * @category layers
 * @since 0.1.0
 */
export const relu = (): Stage<SameShape<'input'>> =>
  pointwise({
    name: 'relu',
    h: (a) => (a > 0 ? a : 0),
    dh: (a) => (a > 0 ? 1 : 0),
    keeps: 'input',
    spec: { kind: 'relu' },
    fast: { forward: T.relu, backward: T.reluGrad }
  })

/**
 * Leaky ReLU with slope `alpha` for negative inputs.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(2), Layer.leakyRelu(0.1))
 * assert.deepStrictEqual(Tensor.toNested(l.forward({}, Tensor.tensor([[-10, 2]]), Layer.evalCtx)[0]), [[-1, 2]])
 *
 * @category layers
 * @since 0.1.0
 */
export const leakyRelu = (alpha: number): Stage<SameShape<'input'>> =>
  pointwise({ name: `leakyRelu(${alpha})`, h: (a) => (a > 0 ? a : alpha * a), dh: (a) => (a > 0 ? 1 : alpha), keeps: 'input', spec: { kind: 'leakyRelu', alpha } })
