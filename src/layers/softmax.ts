/**
 * Softmax as a layer of its own: each row of A becomes a probability distribution,
 *
 *   forward   y_j = e^(a_j) / Σ_k e^(a_k)             (row-wise, shifted by max_k a_k: no overflow)
 *   backward  ∂y_i/∂a_j = y_i(δ_ij − y_j)             (the full Jacobian, not only its diagonal)
 *             dA = J·dY = y ⊙ (dY − Σ_j dY_j y_j)      (per row; a Jacobian-vector product, never J itself)
 *
 * The lecture keeps only the diagonal, ∂x_j/∂a_j = x_j(1 − x_j); that is exact only for two
 * classes (see `lectureSoftmaxCrossEntropyGradient` in losses/ and docs/backprop.md). For
 * training a classifier, prefer no softmax layer and the fused `softmaxCrossEntropy` loss on
 * logits, whose gradient is simply y − t; this layer is for when the probabilities themselves are
 * the output.
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

/** The stage `softmax()`: [number, K] → [number, K]; the tape is y. @category model @since 0.1.0 */
export interface SoftmaxKind extends Kind {
  readonly out: In<this>
  readonly params: NoParams
  readonly tape: T.Tensor<In<this>, DTypeIn<this>>
  readonly error: In<this> extends readonly [number, number] ? never : `softmax() takes a batch of vectors [number, K], found ${ShowShape<In<this>>}`
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * The softmax layer (row-wise), with the exact backward.
 *
 * @example
 * import { Layer, Tensor } from 'kanzen'
 * const l = Layer.build(Layer.input(2, 'float64'), Layer.softmax())
 * const [y] = l.forward({}, Tensor.tensor([[0, 0]], 'float64'), Layer.evalCtx)
 * assert.deepStrictEqual(Tensor.toNested(y), [[0.5, 0.5]])
 *
 * @category layers
 * @since 0.1.0
 */
export const softmax = (): Stage<SoftmaxKind> =>
  stage<SoftmaxKind>('softmax', (row, dtype): AnyLayer => {
    if (row.length !== 1) T.failShape('softmax', 'a row vector [K]', T.showShape(row))
    return {
      name: 'softmax',
      spec: { kind: 'softmax' },
      dtype,
      inputRow: row,
      outputRow: row,
      init: (): NoParams => ({}),
      forward: (_p: NoParams, a: T.Tensor<[number, number]>, _ctx: Ctx) => {
        requireRows('softmax', row, dtype, a)
        const y = T.softmax(a)
        return [y, y] as const
      },
      backward: (_p: NoParams, y: T.Tensor<[number, number]>, dY: T.Tensor<[number, number]>) => {
        requireRows('softmax', row, dtype, dY)
        // dA = y ⊙ (dY − Σ_j dY_j y_j), row by row: the Jacobian-vector product J·dY
        const s = T.sum(T.mul(dY, y), 1)
        const k = T.at(row, 0)
        return [{}, T.generate(y.shape, (i) => (y.data[i] ?? 0) * ((dY.data[i] ?? 0) - (s.data[Math.floor(i / k)] ?? 0)), dtype)] as const
      }
    }
  })
