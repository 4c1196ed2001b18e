/**
 * Softmax along each row, computed stably.
 *
 * softmax(a)ᵢ = e^{aᵢ} / Σ_k e^{a_k} = e^{aᵢ − c} / Σ_k e^{a_k − c} for any c; with c = max_k a_k
 * every exponent is ≤ 0, so nothing overflows (the log-sum-exp trick). Likewise
 * log softmax(a)ᵢ = aᵢ − c − ln Σ_k e^{a_k − c}.
 *
 * @since 0.1.0
 */
import { mismatch } from './check.js'
import { showShape } from './shape.js'
import { activeKernels } from './kernels/select.js'
import { allocateFilled, dataOf, unsafeMake } from './tensor.js'
import type { DType, Tensor } from './tensor.js'

/**
 * Row-wise softmax: each row becomes a probability distribution.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const p = Tensor.softmax(Tensor.tensor([[1000, 1000]]))
 * assert.deepStrictEqual(Tensor.toArray(p), [0.5, 0.5])
 *
 * @category operations
 * @since 0.1.0
 */
export const softmax = <N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>): Tensor<[N, M], D> =>
  rowwise(a, false)

/**
 * Row-wise log-softmax, aᵢ − log Σ_k e^{a_k}, without ever forming e^{aᵢ} of a large aᵢ.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const l = Tensor.logSoftmax(Tensor.tensor([[0, 0]], 'float64'))
 * assert.ok(Math.abs(l.data[0]! + Math.LN2) < 1e-12)
 *
 * @category operations
 * @since 0.1.0
 */
export const logSoftmax = <N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>): Tensor<[N, M], D> =>
  rowwise(a, true)

const rowwise = <N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>, log: boolean): Tensor<[N, M], D> => {
  if (a.shape.length !== 2) mismatch(log ? 'logSoftmax' : 'softmax', 'a matrix (rank 2)', showShape(a.shape))
  const [n, m] = [a.shape[0], a.shape[1]]
  const out = allocateFilled(a.dtype, a.size)
  activeKernels().softmaxRows(dataOf(a), out, n, m, log)
  return unsafeMake([n, m] as [N, M], a.dtype, out)
}
