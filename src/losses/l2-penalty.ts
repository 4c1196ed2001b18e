/**
 * The L2 penalty (weight decay as a loss term), with its gradient:
 *
 *   R(W) = (λ/2) Σ ‖W‖²  = (λ/2) Σ_W Σ_ij w_ij²        ∂R/∂W = λ·W
 *
 * summed over the weight matrices of a parameter tree. By default a leaf is a weight when its
 * field is named `w` (dense layers' `{ w, b }`): biases are not penalised. The gradient tree has
 * the parameters' type, with zeros where a leaf is not penalised, so it adds straight onto the
 * network's gradients.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import * as Tr from '../tree/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The penalty's value and gradient, same tree type as the parameters. @category model @since 0.1.0 */
export interface Penalty<P> {
  readonly value: number
  readonly grad: P
}

/** Which leaves to penalise, by path (`params[0].w`). @category model @since 0.1.0 */
export interface L2Options {
  readonly include?: (path: string) => boolean
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The L2 penalty of strength λ over a parameter tree.
 *
 * @example
 * import { Loss, Tensor } from 'kanzen'
 * const params = [{ w: Tensor.tensor([[1, 2]]), b: Tensor.tensor([5]) }] as const
 * const r = Loss.l2Penalty(0.1)(params)
 * assert.ok(Math.abs(r.value - 0.25) < 1e-9)       // 0.1/2 · (1 + 4)
 * assert.deepStrictEqual(Tensor.toArray(r.grad[0].b), [0])
 *
 * @category constructors
 * @since 0.1.0
 */
export const l2Penalty =
  (lambda: number, options: L2Options = {}) =>
  <P>(params: P): Penalty<P> => {
    const include = options.include ?? ((path: string) => path.endsWith('.w'))
    let value = 0
    const grad = Tr.map((t, path) => {
      if (!include(path)) return T.produce(t, () => undefined) // zeros of t's shape and dtype
      // (λ/2)‖W‖² and its gradient λ·W
      for (const v of t.data) value += (lambda / 2) * v ** 2
      return T.scale(t, lambda)
    })(params)
    return { value, grad }
  }
