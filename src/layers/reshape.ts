/**
 * Reshape each example: [number, d₁, …, dₖ] → [number, e₁, …, eₘ] with the same number of values
 * per example, row-major, no copy. The inverse of `flatten`: `reshape([1, 28, 28])` turns a batch
 * of MNIST vectors [number, 784] into images [number, 1, 28, 28] for `conv2d`.
 *
 *   forward   y = reshape(x, [B, e₁, …, eₘ])        backward  ∂L/∂x = reshape(∂L/∂y, [B, d₁, …, dₖ])
 *
 * The compiler checks Π dᵢ = Π eⱼ when both are literals (digit-wise `T.Product`).
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import type { AnyLayer, Ctx, NoParams } from './layer.js'
import { requireRows } from './layer.js'
import type { In, Kind, ShowShape, Stage } from './stage.js'
import { stage } from './stage.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The stage `reshape(R2)`: [number, ...R] → [number, ...R2]. @category model @since 0.2.0 */
export interface ReshapeKind<R2 extends T.Shape> extends Kind {
  readonly out: [number, ...T.Dims<R2>]
  readonly params: NoParams
  readonly tape: null
  readonly error: In<this> extends readonly [number, ...infer R extends T.Shape]
    ? number extends T.Product<R>
      ? never
      : number extends T.Product<R2>
        ? never
        : T.Product<R> extends T.Product<R2>
          ? never
          : `reshape(${ShowShape<R2>}) needs ${T.Product<R2>} values per example, found ${T.Product<R>} in ${ShowShape<In<this>>}`
    : `reshape(${ShowShape<R2>}) takes a batch [number, ...], found ${ShowShape<In<this>>}`
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The reshape stage.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(784), Layer.reshape([1, 28, 28]))
 * const [y] = l.forward({}, Tensor.zeros([5, 784]), Layer.evalCtx)
 * assert.deepStrictEqual(y.shape, [5, 1, 28, 28])
 *
 * @category layers
 * @since 0.2.0
 */
export const reshape = <const R2 extends T.Shape>(row: R2): Stage<ReshapeKind<R2>> =>
  stage<ReshapeKind<R2>>(`reshape(${T.showShape(row)})`, (inRow, dtype): AnyLayer => {
    const name = `reshape(${T.showShape(inRow)}→${T.showShape(row)})`
    if (row.some((d) => !Number.isInteger(d) || d < 1) || T.sizeOf(row) !== T.sizeOf(inRow)) {
      return T.failShape(name, `a row with ${T.sizeOf(inRow)} values like ${T.showShape(inRow)}`, `${T.showShape(row)} with ${T.sizeOf(row)}`)
    }
    const out = [...row]
    return {
      name,
      spec: { kind: 'reshape', row: out },
      dtype,
      inputRow: inRow,
      outputRow: out,
      init: (): NoParams => ({}),
      forward: (_p: NoParams, x: T.AnyTensor, _ctx: Ctx) => {
        const rows = requireRows(name, inRow, dtype, x)
        return [T.reshape(x, [rows, ...out]), null] as const
      },
      backward: (_p: NoParams, _tape: null, dOut: T.AnyTensor) => {
        const rows = requireRows(name, out, dtype, dOut)
        return [{}, T.reshape(dOut, [rows, ...inRow])] as const
      }
    }
  })
