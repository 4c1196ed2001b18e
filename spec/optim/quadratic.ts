/**
 * A small least-squares problem for optimizer specs (jax's `_CheckRun`): minimise
 *
 *   f(θ) = ½‖Aθ − b‖²,   ∇f(θ) = Aᵀ(Aθ − b)
 *
 * with θ = [w₀, w₁, c₀] spread over a two-leaf tree { w: [2], c: [1] }, A invertible and
 * b = Aθ*, so the minimum is θ* = [1, −2, 0.5] exactly. The eigenvalues of AᵀA are about
 * 0.77, 1.82 and 6.41 (numpy.linalg.eigvalsh), so plain gradient descent converges for
 * η < 2/6.41 ≈ 0.31, and the condition number is about 8.3.
 */
import { Optim, Tensor } from '../../src/index.js'

export type Params<D extends Tensor.DType = 'float32'> = {
  readonly w: Tensor.Tensor<[2], D>
  readonly c: Tensor.Tensor<[1], D>
}

export const A: ReadonlyArray<ReadonlyArray<number>> = [
  [2, 1, 0],
  [0, 1, 1],
  [1, 0, 1]
]
export const thetaStar: ReadonlyArray<number> = [1, -2, 0.5]
const b = A.map((row) => row.reduce((s, a, j) => s + a * thetaStar[j]!, 0))

export const flat = <D extends Tensor.DType>(p: Params<D>): Array<number> => [
  ...Tensor.toArray(p.w),
  ...Tensor.toArray(p.c)
]

export const params = <D extends Tensor.DType = 'float32'>(values: ReadonlyArray<number>, dtype?: D): Params<D> => ({
  w: Tensor.generate([2], (i) => values[i]!, dtype),
  c: Tensor.generate([1], () => values[2]!, dtype)
})

/** ∇f(θ) = Aᵀ(Aθ − b), as a tree of the params' dtype. */
export const gradient = <D extends Tensor.DType>(p: Params<D>): Params<D> => {
  const theta = flat(p)
  const r = A.map((row, i) => row.reduce((s, a, j) => s + a * theta[j]!, 0) - b[i]!)
  const g = thetaStar.map((_, j) => A.reduce((s, row, i) => s + row[j]! * r[i]!, 0))
  return params(g, p.w.dtype)
}

/** f(θ) = ½‖Aθ − b‖². */
export const loss = <D extends Tensor.DType>(p: Params<D>): number => {
  const theta = flat(p)
  return 0.5 * A.reduce((s, row, i) => s + (row.reduce((t, a, j) => t + a * theta[j]!, 0) - b[i]!) ** 2, 0)
}

/** Run `steps` updates from θ₀ = 0 and return every (params, state) pair, θ₀ first. */
export const run = <S, D extends Tensor.DType = 'float32'>(
  tx: Optim.GradientTransformation<Params<D>, S>,
  steps: number,
  dtype?: D
): Array<readonly [Params<D>, S]> => {
  const p0 = params([0, 0, 0], dtype)
  const out: Array<readonly [Params<D>, S]> = [[p0, tx.init(p0)]]
  for (let t = 0; t < steps; t++) {
    const [p, s] = out[out.length - 1]!
    const [u, s2] = tx.update(gradient(p), s, p)
    out.push([Optim.applyUpdates(p, u), s2])
  }
  return out
}

/** Every tensor and number inside a state (tuples, records, counts), with its path. */
export const stateParts = (state: unknown, path = 'state'): Array<readonly [string, Tensor.AnyTensor | number]> => {
  if (typeof state === 'number') return [[path, state]]
  if (typeof state !== 'object' || state === null) return []
  if ('data' in state && 'shape' in state) return [[path, state as Tensor.AnyTensor]]
  if (Array.isArray(state)) return state.flatMap((s, i) => stateParts(s, `${path}[${i}]`))
  return Object.entries(state).flatMap(([k, s]) => stateParts(s, `${path}.${k}`))
}

/**
 * A transform whose state type is hidden, so that tables of different optimizers type-check
 * (state types are invariant): `some(adam(0.1))((tx) => run(tx, 10))`.
 */
export type Some<P> = <R>(use: <S>(tx: Optim.GradientTransformation<P, S>) => R) => R
export const some =
  <P, S>(tx: Optim.GradientTransformation<P, S>): Some<P> =>
  (use) =>
    use(tx)
