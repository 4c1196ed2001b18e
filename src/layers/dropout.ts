/**
 * Inverted dropout. `rate` is the probability of DROPPING a unit (as in Keras and PyTorch's `p`,
 * not the textbook's keep probability). In train mode each element is kept with probability
 * 1 − rate and the kept ones are scaled by 1/(1 − rate), so that the expected output equals the
 * input and evaluation needs no rescaling:
 *
 *   train   m_i ~ Bernoulli(1 − rate),  y = x ⊙ m / (1 − rate),  ∂L/∂x = ∂L/∂y ⊙ m / (1 − rate)
 *   eval    y = x,  ∂L/∂x = ∂L/∂y
 *
 * The mask is drawn from `ctx.key`, so the same key gives the same mask. Reference: Srivastava
 * et al. 2014, "Dropout: a simple way to prevent neural networks from overfitting".
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import * as R from '../random/index.js'
import type { AnyLayer, Ctx, NoParams } from './layer.js'
import { requireRows } from './layer.js'
import type { SameShape, Stage } from './stage.js'
import { stage } from './stage.js'

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * Inverted dropout with drop probability `rate` ∈ [0, 1). A rate outside that range is a
 * programming error and stops with a `RangeError` when the stage is made.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(4), Layer.dropout(0.5))
 * const x = Tensor.ones([1, 4])
 * assert.deepStrictEqual(Tensor.toNested(l.forward({}, x, Layer.evalCtx)[0]), [[1, 1, 1, 1]])
 * const [y] = l.forward({}, x, Layer.trainCtx(Random.key(3)))
 * assert.ok(Array.from(y.data).every((v) => v === 0 || v === 2))
 *
 * @category layers
 * @since 0.1.0
 */
export const dropout = (rate: number): Stage<SameShape<'mask'>> => {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout: expected a drop probability in [0, 1), found ${rate}`)
  const name = `dropout(${rate})`
  return stage<SameShape<'mask'>>(name, (row, dtype): AnyLayer => ({
    name,
    spec: { kind: 'dropout', rate },
    dtype,
    inputRow: row,
    outputRow: row,
    init: (): NoParams => ({}),
    forward: (_p: NoParams, x: T.AnyTensor, ctx: Ctx) => {
      requireRows(name, row, dtype, x)
      if (ctx.mode === 'eval') return [x, null] as const
      // m / (1 − rate): the kept units, scaled so that E[y] = x
      const mask = T.scale(R.bernoulli(ctx.key, x.shape, 1 - rate, x.dtype), 1 / (1 - rate))
      return [T.mul(x, mask), mask] as const
    },
    backward: (_p: NoParams, mask: T.AnyTensor | null, dOut: T.AnyTensor) => {
      requireRows(name, row, dtype, dOut)
      return [{}, mask === null ? dOut : T.mul(dOut, mask)] as const
    }
  }))
}
