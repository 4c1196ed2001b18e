/**
 * Flatten each example to a vector: [number, d₁, …, dₖ] → [number, d₁·…·dₖ], e.g. an image batch
 * [number, 28, 28] → [number, 784]. The product is computed by the compiler (`T.Product`), so a
 * `dense` stage after it learns 784 as its input width. Row-major order, no copy:
 *
 *   forward   y = reshape(x, [B, Πd])        backward  ∂L/∂x = reshape(∂L/∂y, [B, d₁, …, dₖ])
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import type { AnyLayer, Ctx, NoParams } from './layer.js'
import { requireRows } from './layer.js'
import type { DTypeIn, In, Kind, ShowShape, Stage } from './stage.js'
import { stage } from './stage.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The stage `flatten()`: [number, ...R] → [number, Product<R>]. @category model @since 0.1.0 */
export interface FlattenKind extends Kind {
  readonly out: In<this> extends readonly [number, ...infer R extends T.Shape] ? [number, T.Product<R>] : [number, number]
  readonly params: NoParams
  readonly tape: null
  readonly error: In<this> extends readonly [number, number, ...Array<number>]
    ? never
    : `flatten() takes a batch [number, d1, d2, ...], found ${ShowShape<In<this>>}`
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The flatten stage.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input([2, 3]), Layer.flatten())
 * const [y] = l.forward({}, Tensor.zeros([5, 2, 3]), Layer.evalCtx)
 * assert.deepStrictEqual(y.shape, [5, 6])
 *
 * @category layers
 * @since 0.1.0
 */
export const flatten = (): Stage<FlattenKind> =>
  stage<FlattenKind>('flatten', (row, dtype): AnyLayer => {
    const width = T.sizeOf(row)
    return {
      name: 'flatten',
      spec: { kind: 'flatten' },
      dtype,
      inputRow: row,
      outputRow: [width],
      init: (): NoParams => ({}),
      forward: (_p: NoParams, x: T.AnyTensor, _ctx: Ctx) => {
        const rows = requireRows('flatten', row, dtype, x)
        return [T.reshape(x, [rows, width]), null] as const
      },
      backward: (_p: NoParams, _tape: null, dOut: T.AnyTensor) => {
        const rows = requireRows('flatten', [width], dtype, dOut)
        return [{}, T.reshape(dOut, [rows, ...row])] as const
      }
    }
  })
