/**
 * Reductions: sums and means over an axis or over everything, and the index of each row's
 * largest element.
 *
 * For a matrix A: [N, M],
 *   sum(A, 0)[j] = Σ_i A[i][j]   → [M]   (∂L/∂b = Σ over the batch of Δ)
 *   sum(A, 1)[i] = Σ_j A[i][j]   → [N]
 *   sum(A)       = Σ_i Σ_j A[i][j] (a number)
 *
 * @since 0.1.0
 */
import { mismatch } from './check.js'
import { activeKernels } from './kernels/select.js'
import { showShape } from './shape.js'
import type { Shape } from './shape.js'
import { allocate, dataOf, unsafeMake } from './tensor.js'
import type { AnyTensor, DType, Tensor } from './tensor.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Sum over axis 0 (down the columns), axis 1 (along the rows) or everything.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const a = Tensor.tensor([[1, 2], [3, 4]])
 * assert.deepStrictEqual(Tensor.toArray(Tensor.sum(a, 0)), [4, 6])
 * assert.deepStrictEqual(Tensor.toArray(Tensor.sum(a, 1)), [3, 7])
 * assert.strictEqual(Tensor.sum(a), 10)
 *
 * @category operations
 * @since 0.1.0
 */
export function sum<N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>, axis: 0): Tensor<[M], D>
export function sum<N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>, axis: 1): Tensor<[N], D>
export function sum(a: Tensor<Shape, DType>): number
export function sum(a: AnyTensor, axis?: 0 | 1): AnyTensor | number {
  if (axis === undefined) return sumAll(a)
  return axis === 0 ? sumAxis0(a) : sumAxis1(a)
}

/**
 * Mean over axis 0, axis 1 or everything (a sum divided by the number of terms).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const a = Tensor.tensor([[1, 2], [3, 4]])
 * assert.deepStrictEqual(Tensor.toArray(Tensor.mean(a, 0)), [2, 3])
 * assert.strictEqual(Tensor.mean(a), 2.5)
 *
 * @category operations
 * @since 0.1.0
 */
export function mean<N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>, axis: 0): Tensor<[M], D>
export function mean<N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>, axis: 1): Tensor<[N], D>
export function mean(a: Tensor<Shape, DType>): number
export function mean(a: AnyTensor, axis?: 0 | 1): AnyTensor | number {
  if (axis === undefined) return sumAll(a) / a.size
  const s = axis === 0 ? sumAxis0(a) : sumAxis1(a)
  const count = a.shape[axis]!
  const out = allocate(s.dtype, s.size)
  for (let i = 0; i < out.length; i++) out[i] = s.data[i]! / count
  return unsafeMake(s.shape, s.dtype, out)
}

/**
 * The column index of the largest element of each row (the first one on ties): the predicted
 * class of each sample. A row of NaN gives index 0.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Array.from(Tensor.argmax(Tensor.tensor([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]))), [1, 0])
 *
 * @category operations
 * @since 0.1.0
 */
export const argmax = <N extends number, M extends number>(a: Tensor<readonly [N, M], DType>): Int32Array => {
  const [n, m] = rows('argmax', a)
  const x = dataOf(a)
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let best = 0
    for (let j = 1; j < m; j++) if (x[i * m + j]! > x[i * m + best]!) best = j
    out[i] = best
  }
  return out
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const rows = (op: string, a: AnyTensor): readonly [number, number] =>
  a.shape.length === 2 ? [a.shape[0]!, a.shape[1]!] : mismatch(op, 'a matrix (rank 2)', showShape(a.shape))

const sumAll = (a: AnyTensor): number => {
  const x = dataOf(a)
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i]!
  return s
}

// Σ_i A[i][j]: walk rows in storage order and accumulate into the output row.
const sumAxis0 = (a: AnyTensor): AnyTensor => {
  const [n, m] = rows('sum', a)
  const x = dataOf(a)
  const out = allocate(a.dtype, m)
  activeKernels().sumRows(x, out, n, m)
  return unsafeMake([m], a.dtype, out)
}

const sumAxis1 = (a: AnyTensor): AnyTensor => {
  const [n, m] = rows('sum', a)
  const x = dataOf(a)
  const out = allocate(a.dtype, n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < m; j++) s += x[i * m + j]!
    out[i] = s
  }
  return unsafeMake([n], a.dtype, out)
}
