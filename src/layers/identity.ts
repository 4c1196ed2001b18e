/**
 * The identity layer: y = x, ∂L/∂x = ∂L/∂y. Useful as a placeholder and as the output "activation"
 * of a regression network.
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import type { AnyLayer, Ctx, NoParams } from './layer.js'
import { requireRows } from './layer.js'
import type { SameShape, Stage } from './stage.js'
import { stage } from './stage.js'

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The identity.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(2), Layer.identity())
 * assert.deepStrictEqual(Tensor.toNested(l.forward({}, Tensor.tensor([[1, 2]]), Layer.evalCtx)[0]), [[1, 2]])
 *
 * @category layers
 * @since 0.1.0
 */
export const identity = (): Stage<SameShape<'none'>> =>
  stage<SameShape<'none'>>('identity', (row, dtype): AnyLayer => ({
    name: 'identity',
    spec: { kind: 'identity' },
    dtype,
    inputRow: row,
    outputRow: row,
    init: (): NoParams => ({}),
    forward: (_p: NoParams, x: T.AnyTensor, _ctx: Ctx) => {
      requireRows('identity', row, dtype, x)
      return [x, null] as const
    },
    backward: (_p: NoParams, _tape: null, dOut: T.AnyTensor) => {
      requireRows('identity', row, dtype, dOut)
      return [{}, dOut] as const
    }
  }))
