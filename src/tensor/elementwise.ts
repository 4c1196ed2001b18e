/**
 * Element-wise operations: the same formula applied at every index.
 *
 * `add`, `sub`, `mul`, `div` and `zipWith` take two tensors of the same shape (the second
 * shape is `NoInfer`, so a mismatch is reported against the first); `addRow` broadcasts a row
 * vector over the rows of a matrix, which is how a bias is added: A = X·W + b.
 *
 * @since 0.1.0
 */
import { mismatch, requireSameShape } from './check.js'
import { activeKernels } from './kernels/select.js'
import { showShape } from './shape.js'
import type { Shape } from './shape.js'
import { allocateFilled, dataOf, unsafeMake } from './tensor.js'
import type { DType, Tensor } from './tensor.js'

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Apply `f` to every element: out[i] = f(a[i]).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Tensor.toArray(Tensor.map(Tensor.tensor([1, 2]), (x) => x * 10)), [10, 20])
 *
 * @category combinators
 * @since 0.1.0
 */
export const map = <S extends Shape, D extends DType>(a: Tensor<S, D>, f: (x: number) => number): Tensor<S, D> => {
  const x = dataOf(a)
  const out = allocateFilled(a.dtype, a.size)
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]!)
  return unsafeMake(a.shape, a.dtype, out)
}

/**
 * Combine two tensors of the same shape element by element: out[i] = f(a[i], b[i]).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const r = Tensor.zipWith(Tensor.tensor([1, 2]), Tensor.tensor([3, 4]), Math.max)
 * assert.deepStrictEqual(Tensor.toArray(r), [3, 4])
 *
 * @category combinators
 * @since 0.1.0
 */
export const zipWith = <S extends Shape, D extends DType>(
  a: Tensor<S, D>,
  b: Tensor<Readonly<NoInfer<S>>, NoInfer<D>>,
  f: (x: number, y: number) => number
): Tensor<S, D> => {
  requireSameShape('zipWith', a.shape, b.shape)
  const x = dataOf(a)
  const y = dataOf(b)
  const out = allocateFilled(a.dtype, a.size)
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]!, y[i]!)
  return unsafeMake(a.shape, a.dtype, out)
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/** a + b, element-wise. @example assert.deepStrictEqual(Tensor.toArray(Tensor.add(Tensor.tensor([1]), Tensor.tensor([2]))), [3]) @category operations @since 0.1.0 */
export const add = <S extends Shape, D extends DType>(a: Tensor<S, D>, b: Tensor<Readonly<NoInfer<S>>, NoInfer<D>>): Tensor<S, D> =>
  binary('add', a, b, 0)

/** a − b, element-wise. @example assert.deepStrictEqual(Tensor.toArray(Tensor.sub(Tensor.tensor([1]), Tensor.tensor([2]))), [-1]) @category operations @since 0.1.0 */
export const sub = <S extends Shape, D extends DType>(a: Tensor<S, D>, b: Tensor<Readonly<NoInfer<S>>, NoInfer<D>>): Tensor<S, D> =>
  binary('sub', a, b, 1)

/** a ⊙ b (the Hadamard product), element-wise. @example assert.deepStrictEqual(Tensor.toArray(Tensor.mul(Tensor.tensor([3]), Tensor.tensor([2]))), [6]) @category operations @since 0.1.0 */
export const mul = <S extends Shape, D extends DType>(a: Tensor<S, D>, b: Tensor<Readonly<NoInfer<S>>, NoInfer<D>>): Tensor<S, D> =>
  binary('mul', a, b, 2)

/** a / b, element-wise. @example assert.deepStrictEqual(Tensor.toArray(Tensor.div(Tensor.tensor([3]), Tensor.tensor([2]))), [1.5]) @category operations @since 0.1.0 */
export const div = <S extends Shape, D extends DType>(a: Tensor<S, D>, b: Tensor<Readonly<NoInfer<S>>, NoInfer<D>>): Tensor<S, D> =>
  binary('div', a, b, 3)

/**
 * Add a row vector to every row of a matrix: out[i][j] = a[i][j] + b[j]. This is the bias in
 * A = X·W + b; the compiler checks that the bias is as wide as the matrix.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const r = Tensor.addRow(Tensor.tensor([[1, 2], [3, 4]]), Tensor.tensor([10, 20]))
 * assert.deepStrictEqual(Tensor.toNested(r), [[11, 22], [13, 24]])
 *
 * @category operations
 * @since 0.1.0
 */
export const addRow = <N extends number, M extends number, D extends DType>(
  a: Tensor<readonly [N, M], D>,
  b: Tensor<readonly [NoInfer<M>], NoInfer<D>>
): Tensor<[N, M], D> => {
  if (a.shape.length !== 2 || b.shape.length !== 1 || a.shape[1] !== b.shape[0]) {
    mismatch('addRow', `a row of width ${a.shape[1]} for ${showShape(a.shape)}`, showShape(b.shape))
  }
  if (a.dtype !== b.dtype) mismatch('addRow', `dtype ${a.dtype}`, b.dtype)
  const [n, m] = [a.shape[0]!, a.shape[1]!]
  const out = allocateFilled(a.dtype, a.size)
  activeKernels().addRow(dataOf(a), dataOf(b), out, n, m)
  return unsafeMake([n, m] as [N, M], a.dtype, out)
}

/** k · a. @example assert.deepStrictEqual(Tensor.toArray(Tensor.scale(Tensor.tensor([1, 2]), 3)), [3, 6]) @category operations @since 0.1.0 */
export const scale = <S extends Shape, D extends DType>(a: Tensor<S, D>, k: number): Tensor<S, D> => {
  // Its own loop rather than map(a, x => k·x): a direct loop stays monomorphic (≈ 10× faster on
  // the 78,400 weights an SGD step scales; measured in scripts/bench).
  const x = dataOf(a)
  const out = allocateFilled(a.dtype, a.size)
  for (let i = 0; i < out.length; i++) out[i] = k * x[i]!
  return unsafeMake(a.shape, a.dtype, out)
}

/** eˣ, element-wise. @example assert.strictEqual(Tensor.exp(Tensor.tensor([0])).data[0], 1) @category operations @since 0.1.0 */
export const exp = <S extends Shape, D extends DType>(a: Tensor<S, D>): Tensor<S, D> => map(a, Math.exp)

/** ln x, element-wise. @example assert.strictEqual(Tensor.log(Tensor.tensor([1])).data[0], 0) @category operations @since 0.1.0 */
export const log = <S extends Shape, D extends DType>(a: Tensor<S, D>): Tensor<S, D> => map(a, Math.log)

/** √x, element-wise. @example assert.strictEqual(Tensor.sqrt(Tensor.tensor([9])).data[0], 3) @category operations @since 0.1.0 */
export const sqrt = <S extends Shape, D extends DType>(a: Tensor<S, D>): Tensor<S, D> => map(a, Math.sqrt)

/** max(0, x), element-wise (the ReLU function). @example assert.deepStrictEqual(Tensor.toArray(Tensor.relu(Tensor.tensor([-1, 2]))), [0, 2]) @category operations @since 0.1.0 */
export const relu = <S extends Shape, D extends DType>(a: Tensor<S, D>): Tensor<S, D> => {
  // A kernel of the seam rather than map(a, …): relu runs on every hidden activation.
  const out = allocateFilled(a.dtype, a.size)
  activeKernels().relu(dataOf(a), out)
  return unsafeMake(a.shape, a.dtype, out)
}

/**
 * The ReLU derivative applied to an incoming gradient: out[i] = dOut[i] if a[i] > 0, else 0,
 * i.e. dOut ⊙ h′(a) for h = max(0, ·) — the ⊙ h′(Aˡ) factor of Δˡ = Δˡ⁺¹·Wˡ⁺¹ᵀ ⊙ h′(Aˡ).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const g = Tensor.reluGrad(Tensor.tensor([5, 6, 7]), Tensor.tensor([-1, 0, 2]))
 * assert.deepStrictEqual(Tensor.toArray(g), [0, 0, 7])
 *
 * @category operations
 * @since 0.1.0
 */
export const reluGrad = <S extends Shape, D extends DType>(dOut: Tensor<S, D>, a: Tensor<Readonly<NoInfer<S>>, NoInfer<D>>): Tensor<S, D> => {
  requireSameShape('reluGrad', dOut.shape, a.shape)
  const out = allocateFilled(dOut.dtype, dOut.size)
  activeKernels().reluGrad(dataOf(dOut), dataOf(a), out)
  return unsafeMake(dOut.shape, dOut.dtype, out)
}

/**
 * α·x + y, element-wise (BLAS's axpy): one pass for an update such as w − η·g = axpy(−η, g, w).
 * Each product α·xᵢ is rounded to the dtype before the sum, so the result is byte for byte
 * `add(y, scale(x, α))`, in one pass and one array instead of two.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const r = Tensor.axpy(-0.5, Tensor.tensor([2, 4]), Tensor.tensor([1, 1]))
 * assert.deepStrictEqual(Tensor.toArray(r), [0, -1])
 *
 * @category operations
 * @since 0.3.0
 */
export const axpy = <S extends Shape, D extends DType>(alpha: number, x: Tensor<S, D>, y: Tensor<Readonly<NoInfer<S>>, NoInfer<D>>): Tensor<S, D> => {
  requireSameShape('axpy', x.shape, y.shape)
  if (x.dtype !== y.dtype) mismatch('axpy', `dtype ${x.dtype}`, y.dtype)
  const out = allocateFilled(x.dtype, x.size)
  activeKernels().axpy(alpha, dataOf(x), dataOf(y), out)
  return unsafeMake(x.shape, x.dtype, out)
}

/**
 * The flat index of the first NaN, +Inf or −Inf in a tensor, or −1 when every element is finite
 * (one pass through the active kernels: the training guard runs it on every gradient of every step).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.nonFiniteIndex(Tensor.tensor([1, NaN, Infinity])), 1)
 * assert.strictEqual(Tensor.nonFiniteIndex(Tensor.tensor([1, 2])), -1)
 *
 * @category operations
 * @since 0.3.0
 */
export const nonFiniteIndex = (a: Tensor<Shape, DType>): number => activeKernels().nonFiniteIndex(dataOf(a))

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// One loop per operator, so that each stays monomorphic and fast (a shared closure would not).
const binary = <S extends Shape, D extends DType>(op: string, a: Tensor<S, D>, b: Tensor<S, DType>, kind: 0 | 1 | 2 | 3): Tensor<S, D> => {
  requireSameShape(op, a.shape, b.shape)
  if (a.dtype !== b.dtype) mismatch(op, `dtype ${a.dtype}`, b.dtype)
  const x = dataOf(a)
  const y = dataOf(b)
  const out = allocateFilled(a.dtype, a.size)
  const n = out.length
  if (kind === 0) for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!
  else if (kind === 1) for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!
  else if (kind === 2) for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!
  else for (let i = 0; i < n; i++) out[i] = x[i]! / y[i]!
  return unsafeMake(a.shape, a.dtype, out)
}
