/**
 * Fused element-wise kernels for the losses and optimizers: each formula in one plain loop,
 * computed in double precision and rounded once into a fresh array, so that the folders above
 * the tensor core neither loop over `.data` themselves nor call a closure per element. The
 * results are bit for bit those of the loops they replaced (same formula, same order).
 *
 * @since 0.3.0
 */
import { mismatch, requireSameShape } from './check.js'
import { showShape } from './shape.js'
import type { Shape } from './shape.js'
import { activeKernels } from './kernels/select.js'
import { allocate, allocateFilled, dataOf, unsafeMake } from './tensor.js'
import type { ArrayOf, DType, Tensor } from './tensor.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * a·x + b·y, element-wise (BLAS's axpby): a moving average such as μ′ = β₁μ + (1 − β₁)g in one pass.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const r = Tensor.axpby(0.5, Tensor.tensor([2, 4]), 2, Tensor.tensor([1, 1]))
 * assert.deepStrictEqual(Tensor.toArray(r), [3, 4])
 *
 * @category operations
 * @since 0.3.0
 */
export const axpby: Combination = (a, x, b, y) => combine('axpby', a, x, b, y, false)

/**
 * a·x + b·y², element-wise (b·y·y, multiplied left to right): Adam's ν′ = β₂ν + (1 − β₂)g² in one pass.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const r = Tensor.axpbySquare(1, Tensor.tensor([1, 1]), 0.5, Tensor.tensor([2, -4]))
 * assert.deepStrictEqual(Tensor.toArray(r), [3, 9])
 *
 * @category operations
 * @since 0.3.0
 */
export const axpbySquare: Combination = (a, x, b, y) => combine('axpbySquare', a, x, b, y, true)

/**
 * Adam's direction from its two moments, with the bias corrections c₁ = 1 − β₁ᵗ and
 * c₂ = 1 − β₂ᵗ: out = (m/c₁) / (√(v/c₂) + ε). Where the denominator is 0 (ε = 0 and a zero
 * gradient: 0/0) the result is 0; a NaN still passes through, so that a non-finite gradient is
 * seen, not hidden.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const r = Tensor.biasCorrectedRatio(Tensor.tensor([0.1, 0]), Tensor.tensor([0.01, 0]), 0.1, 0.01, 0)
 * assert.deepStrictEqual(Tensor.toArray(r), [1, 0])
 *
 * @category operations
 * @since 0.3.0
 */
export const biasCorrectedRatio = <S extends Shape, D extends DType>(
  m: Tensor<S, D>,
  v: Like<S, D>,
  c1: number,
  c2: number,
  eps: number
): Tensor<S, D> => {
  const [ms, vs] = operands('biasCorrectedRatio', m, v)
  const out = allocate(m.dtype, m.size)
  for (let i = 0; i < out.length; i++) {
    const denominator = Math.sqrt(vs[i]! / c2) + eps
    out[i] = denominator === 0 ? 0 : ms[i]! / c1 / denominator
  }
  return unsafeMake(m.shape, m.dtype, out)
}

/**
 * start + Σᵢ aᵢ², summed in double precision in index order (a global norm over many tensors
 * passes the running sum on as `start`).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.sumOfSquares(Tensor.tensor([3, 4])), 25)
 * assert.strictEqual(Tensor.sumOfSquares(Tensor.tensor([1]), 24), 25)
 *
 * @category operations
 * @since 0.3.0
 */
export const sumOfSquares = (a: Tensor<Shape, DType>, start = 0): number => {
  const x = dataOf(a)
  let s = start
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!
  return s
}

/**
 * Σᵢ (aᵢ − bᵢ)², in double precision: the sum behind the mean squared error.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.sumSquaredError(Tensor.tensor([1, 2]), Tensor.tensor([0, 4])), 5)
 *
 * @category operations
 * @since 0.3.0
 */
export const sumSquaredError = <S extends Shape, D extends DType>(a: Tensor<S, D>, b: Like<S, D>): number => {
  const [x, y] = operands('sumSquaredError', a, b)
  let total = 0
  for (let i = 0; i < x.length; i++) total += (x[i]! - y[i]!) ** 2
  return total
}

/**
 * Σᵢ max(zᵢ, 0) − zᵢ·tᵢ + ln(1 + e^(−|zᵢ|)), in double precision: the sum behind binary
 * cross-entropy on logits z with targets t, written so that no exponential overflows.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.sumLogisticLoss(Tensor.tensor([1000, -1000]), Tensor.tensor([1, 0])), 0)
 * assert.ok(Math.abs(Tensor.sumLogisticLoss(Tensor.tensor([0]), Tensor.tensor([1])) - Math.LN2) < 1e-12)
 *
 * @category operations
 * @since 0.3.0
 */
export const sumLogisticLoss = <S extends Shape, D extends DType>(z: Tensor<S, D>, t: Like<S, D>): number => {
  const [zs, ts] = operands('sumLogisticLoss', z, t)
  let total = 0
  for (let i = 0; i < zs.length; i++) {
    total += Math.max(zs[i]!, 0) - zs[i]! * ts[i]! + Math.log1p(Math.exp(-Math.abs(zs[i]!)))
  }
  return total
}

/**
 * Cross-entropy read off log-probabilities `logY` = log softmax(A) ([N, K]) and targets: rows of
 * [N, K] (one-hot or probabilities) or N class indices (already checked to lie in 0..K−1):
 *
 *   L = −(1/N) Σ_bj t_bj · logY_bj   (terms with t = 0 skipped: an underflowed −∞ never meets 0)
 *   ∂L/∂A = (e^logY ⊙ Σ_j t_bj − T) / N   (for one-hot or probability rows, (Y − T) / N)
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const logY = Tensor.logSoftmax(Tensor.tensor([[0, 0]], 'float64'))
 * const { value, grad } = Tensor.crossEntropyOfLogProbs(logY, [1])
 * assert.ok(Math.abs(value - Math.LN2) < 1e-12)
 * assert.deepStrictEqual(Tensor.toNested(grad), [[0.5, -0.5]])
 *
 * @category operations
 * @since 0.3.0
 */
export const crossEntropyOfLogProbs = <N extends number, K extends number, D extends DType>(
  logY: Tensor<readonly [N, K], D>,
  target: ArrayLike<number> | Tensor<readonly [NoInfer<N>, NoInfer<K>], NoInfer<D>>
): { readonly value: number; readonly grad: Tensor<[N, K], D> } => {
  if (logY.shape.length !== 2) mismatch('crossEntropyOfLogProbs', 'a matrix (rank 2)', showShape(logY.shape))
  const [n, k] = [logY.shape[0], logY.shape[1]]
  const ly = dataOf(logY)
  const classes = 'dtype' in target ? undefined : target
  const rows = 'dtype' in target ? dataOf(target) : undefined
  const op = 'crossEntropyOfLogProbs'
  if (rows !== undefined && rows.length !== ly.length) mismatch(op, `${ly.length} targets`, `${rows.length}`)
  if (classes !== undefined && classes.length !== n) mismatch(op, `${n} class indices`, `${classes.length}`)
  const grad = allocateFilled(logY.dtype, ly.length)
  const value = activeKernels().crossEntropyRows(ly, classes === undefined ? undefined : classIndices(classes, k), rows, grad, n, k)
  return { value, grad: unsafeMake([n, k] as [N, K], logY.dtype, grad) }
}

// Class indices as the kernel takes them: an Int32Array, with −1 for a value that is no column
// index (a fraction, NaN, out of range), which matches no column, as `c === j` matches none.
const classIndices = (classes: ArrayLike<number>, k: number): Int32Array => {
  const out = new Int32Array(classes.length)
  for (let b = 0; b < classes.length; b++) {
    const c = classes[b]!
    out[b] = Number.isInteger(c) && c >= 0 && c < k ? c : -1
  }
  return out
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// The second operand of a binary kernel: the first one's shape and dtype (reported against the first).
type Like<S extends Shape, D extends DType> = Tensor<Readonly<NoInfer<S>>, NoInfer<D>>

// The type of axpby and axpbySquare: the second operand has the first one's shape and dtype.
type Combination = <S extends Shape, D extends DType>(a: number, x: Tensor<S, D>, b: number, y: Like<S, D>) => Tensor<S, D>

// a·x + b·y or a·x + b·y·y: one loop each, so that each stays monomorphic.
const combine = <S extends Shape, D extends DType>(
  op: string,
  a: number,
  x: Tensor<S, D>,
  b: number,
  y: Like<S, D>,
  square: boolean
): Tensor<S, D> => {
  const [xs, ys] = operands(op, x, y)
  const out = allocate(x.dtype, x.size)
  if (square) for (let i = 0; i < out.length; i++) out[i] = a * xs[i]! + b * ys[i]! * ys[i]!
  else for (let i = 0; i < out.length; i++) out[i] = a * xs[i]! + b * ys[i]!
  return unsafeMake(x.shape, x.dtype, out)
}

// Both operands' data, once they agree in shape and dtype.
const operands = <D extends DType>(
  op: string,
  a: Tensor<Shape, D>,
  b: Tensor<Shape, DType>
): readonly [ArrayOf<D>, ArrayOf<DType>] => {
  requireSameShape(op, a.shape, b.shape)
  if (a.dtype !== b.dtype) mismatch(op, `dtype ${a.dtype}`, b.dtype)
  return [dataOf(a), dataOf(b)]
}
