/**
 * Matrix products and the transpose.
 *
 * (A·B)[i][j] = Σ_p A[i][p] · B[p][j], for A: [N, K] and B: [K, M], giving [N, M].
 *
 * Back-propagation through a dense layer Y = X·W needs two more forms, provided here so that no
 * transposed copy is ever built by the caller:
 *   ∂L/∂W = Xᵀ·Δ   (`matmulTransA`: X is [B, I], Δ is [B, O] → [I, O])
 *   ∂L/∂X = Δ·Wᵀ   (`matmulTransB`: Δ is [B, O], W is [I, O] → [B, I])
 *
 * The shared dimension is wrapped in `NoInfer` on the second argument: without it TypeScript
 * would infer a union (`3 | 2`) and accept `matmul` of a `[2, 3]` tensor with itself.
 *
 * @since 0.1.0
 */
import { mismatch } from './check.js'
import { activeKernels } from './kernels/select.js'
import { showShape } from './shape.js'
import { allocateFilled, dataOf, unsafeMake } from './tensor.js'
import type { DType, Tensor } from './tensor.js'
import type { FloatArray } from './kernels/kernels.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The matrix product A·B: `[N, K] · [K, M] → [N, M]`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const a = Tensor.tensor([[1, 2], [3, 4]])
 * const b = Tensor.tensor([[5, 6], [7, 8]])
 * assert.deepStrictEqual(Tensor.toNested(Tensor.matmul(a, b)), [[19, 22], [43, 50]])
 *
 * @category operations
 * @since 0.1.0
 */
export const matmul = <N extends number, K extends number, M extends number, D extends DType>(
  a: Tensor<readonly [N, K], D>,
  b: Tensor<readonly [NoInfer<K>, M], NoInfer<D>>
): Tensor<[N, M], D> => {
  const [n, k] = dims2('matmul', a)
  const [k2, m] = dims2('matmul', b)
  if (k !== k2) innerMismatch('matmul', a.shape, b.shape, k, k2)
  return gemm(a, b, n, k, m, false, false)
}

/**
 * Aᵀ·B without building Aᵀ: `[K, N]ᵀ · [K, M] → [N, M]`. In a dense layer's backward pass this
 * is ∂L/∂W = Xᵀ·Δ.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const x = Tensor.tensor([[1, 2], [3, 4]])
 * const d = Tensor.tensor([[1, 0], [0, 1]])
 * assert.deepStrictEqual(Tensor.toNested(Tensor.matmulTransA(x, d)), [[1, 3], [2, 4]])
 *
 * @category operations
 * @since 0.1.0
 */
export const matmulTransA = <K extends number, N extends number, M extends number, D extends DType>(
  a: Tensor<readonly [K, N], D>,
  b: Tensor<readonly [NoInfer<K>, M], NoInfer<D>>
): Tensor<[N, M], D> => {
  const [k, n] = dims2('matmulTransA', a)
  const [k2, m] = dims2('matmulTransA', b)
  if (k !== k2) innerMismatch('matmulTransA', a.shape, b.shape, k, k2)
  return gemm(a, b, n, k, m, true, false)
}

/**
 * A·Bᵀ without building Bᵀ: `[N, K] · [M, K]ᵀ → [N, M]`. In a dense layer's backward pass this
 * is the error for the layer below, Δ·Wᵀ.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const d = Tensor.tensor([[1, 2]])
 * const w = Tensor.tensor([[1, 2], [3, 4], [5, 6]])
 * assert.deepStrictEqual(Tensor.toNested(Tensor.matmulTransB(d, w)), [[5, 11, 17]])
 *
 * @category operations
 * @since 0.1.0
 */
export const matmulTransB = <N extends number, K extends number, M extends number, D extends DType>(
  a: Tensor<readonly [N, K], D>,
  b: Tensor<readonly [M, NoInfer<K>], NoInfer<D>>
): Tensor<[N, M], D> => {
  const [n, k] = dims2('matmulTransB', a)
  const [m, k2] = dims2('matmulTransB', b)
  if (k !== k2) innerMismatch('matmulTransB', a.shape, b.shape, k, k2)
  return gemm(a, b, n, k, m, false, true)
}

/**
 * The affine map X·W + b — `addRow(matmul(x, w), b)` byte for byte, with the bias added in the
 * product's epilogue (one pass and one array fewer): a dense layer's forward pass.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const x = Tensor.tensor([[1, 2]])
 * const w = Tensor.tensor([[1, 0], [0, 1]])
 * assert.deepStrictEqual(Tensor.toNested(Tensor.affine(x, w, Tensor.tensor([10, 20]))), [[11, 22]])
 *
 * @category operations
 * @since 0.3.0
 */
export const affine = <N extends number, K extends number, M extends number, D extends DType>(
  x: Tensor<readonly [N, K], D>,
  w: Tensor<readonly [NoInfer<K>, M], NoInfer<D>>,
  b: Tensor<readonly [NoInfer<M>], NoInfer<D>>
): Tensor<[N, M], D> => {
  const [n, k] = dims2('affine', x)
  const [k2, m] = dims2('affine', w)
  if (k !== k2) innerMismatch('affine', x.shape, w.shape, k, k2)
  if (b.shape.length !== 1 || b.shape[0] !== m) mismatch('affine', `a bias of shape [${m}]`, showShape(b.shape))
  if (b.dtype !== x.dtype) mismatch('affine', `bias dtype ${x.dtype}`, b.dtype)
  return gemm(x, w, n, k, m, false, false, dataOf(b))
}

/**
 * The transpose: element [i][j] becomes [j][i].
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.deepStrictEqual(Tensor.toNested(Tensor.transpose(Tensor.tensor([[1, 2, 3]]))), [[1], [2], [3]])
 *
 * @category operations
 * @since 0.1.0
 */
export const transpose = <N extends number, M extends number, D extends DType>(a: Tensor<readonly [N, M], D>): Tensor<[M, N], D> => {
  const [n, m] = dims2('transpose', a)
  const x = dataOf(a)
  const out = allocateFilled(a.dtype, n * m)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out[j * n + i] = x[i * m + j]!
  }
  return unsafeMake([m, n] as [M, N], a.dtype, out)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const dims2 = (op: string, t: Tensor<ReadonlyArray<number>, DType>): readonly [number, number] =>
  t.shape.length === 2 ? [t.shape[0]!, t.shape[1]!] : mismatch(op, 'a matrix (rank 2)', showShape(t.shape))

const innerMismatch = (op: string, a: ReadonlyArray<number>, b: ReadonlyArray<number>, k: number, k2: number): never =>
  mismatch(op, `inner dimensions to agree: ${showShape(a)} · ${showShape(b)}`, `${k} ≠ ${k2}`)

const gemm = <N extends number, M extends number, D extends DType>(
  a: Tensor<ReadonlyArray<number>, D>,
  b: Tensor<ReadonlyArray<number>, DType>,
  n: number,
  k: number,
  m: number,
  transA: boolean,
  transB: boolean,
  bias?: FloatArray
): Tensor<[N, M], D> => {
  if (a.dtype !== b.dtype) mismatch('matmul', `dtype ${a.dtype}`, b.dtype)
  const out = allocateFilled(a.dtype, n * m)
  activeKernels().gemm(dataOf(a), dataOf(b), out, bias === undefined ? { m: n, k, n: m, transA, transB } : { m: n, k, n: m, transA, transB, bias })
  return unsafeMake([n, m] as [N, M], a.dtype, out)
}
