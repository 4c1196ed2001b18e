/**
 * Ordinary least squares with kanzen's own tensors, as the linear baseline of the regression
 * experiment: minimise ‖X·β + c − y‖² by the normal equations on centred data,
 *
 *   (X̃ᵀX̃) β = X̃ᵀỹ,   X̃ = X − x̄,  ỹ = y − ȳ,   c = ȳ − x̄·β,
 *
 * solved by a Cholesky factorisation X̃ᵀX̃ = L·Lᵀ and two triangular solves, in float64. A column
 * that is constant or a combination of earlier ones (one-hot columns that sum to 1, say) has a
 * zero pivot: it is left out of the fit (its β is 0, listed in `dependent`), which changes no
 * prediction, since the other columns already span it.
 */
import { Tensor } from '../../src/index.js'

export interface LinearModel {
  readonly beta: ReadonlyArray<number>
  readonly intercept: number
  /** Columns left out because they are constant or combinations of earlier columns. */
  readonly dependent: ReadonlyArray<number>
}

/** Fit β and c by least squares (a message instead when there are no rows). */
export const fitLeastSquares = (x: Tensor.Tensor<[number, number], Tensor.DType>, y: ArrayLike<number>): LinearModel | string => {
  const [n, f] = [x.shape[0], x.shape[1]]
  if (n === 0 || n !== y.length) return `least squares: expected as many targets as rows (${n}), found ${y.length}`
  const xm = Tensor.mean(Tensor.astype(x, 'float64'), 0)
  const ym = Array.from(y).reduce((s, v) => s + v, 0) / n
  const xc = Tensor.generate([n, f] as [number, number], (i) => x.data[i]! - xm.data[i % f]!, 'float64')
  const yc = Tensor.generate([n, 1] as [number, 1], (i) => y[i]! - ym, 'float64')
  const gram = Tensor.matmulTransA(xc, xc) // X̃ᵀX̃ : [f, f]
  const rhs = Tensor.matmulTransA(xc, yc) // X̃ᵀỹ : [f, 1]
  const { beta, dependent } = choleskySolve(Array.from(gram.data), Array.from(rhs.data), f)
  return { beta, dependent, intercept: ym - beta.reduce((s, b, j) => s + b * xm.data[j]!, 0) }
}

/** ŷ = X·β + c. */
export const predictLinear = (m: LinearModel, x: Tensor.Tensor<[number, number], Tensor.DType>): Float64Array => {
  const f = x.shape[1]
  const out = new Float64Array(x.shape[0])
  for (let i = 0; i < out.length; i++) {
    let s = m.intercept
    for (let j = 0; j < f; j++) s += x.data[i * f + j]! * m.beta[j]!
    out[i] = s
  }
  return out
}

// A·β = b for symmetric positive semi-definite A (row-major f×f): A = L·Lᵀ, then L·z = b, Lᵀ·β = z.
// A pivot that vanishes (relative to its diagonal entry) marks a dependent column: its row of L,
// its z and its β stay 0.
const choleskySolve = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, f: number) => {
  const l = new Float64Array(f * f)
  const dependent: Array<number> = []
  for (let i = 0; i < f; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * f + j]!
      for (let k = 0; k < j; k++) s -= l[i * f + k]! * l[j * f + k]!
      if (i === j) {
        if (s > 1e-10 * Math.max(1e-300, a[i * f + i]!)) l[i * f + i] = Math.sqrt(s)
        else dependent.push(i)
      } else l[i * f + j] = l[j * f + j] === 0 ? 0 : s / l[j * f + j]!
    }
  }
  const z = new Array<number>(f).fill(0)
  for (let i = 0; i < f; i++) {
    if (l[i * f + i] === 0) continue
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= l[i * f + k]! * z[k]!
    z[i] = s / l[i * f + i]!
  }
  const beta = new Array<number>(f).fill(0)
  for (let i = f - 1; i >= 0; i--) {
    if (l[i * f + i] === 0) continue
    let s = z[i]!
    for (let k = i + 1; k < f; k++) s -= l[k * f + i]! * beta[k]!
    beta[i] = s / l[i * f + i]!
  }
  return { beta, dependent }
}
