/**
 * The gradient check: compare a layer's analytic gradients (its `backward`) with central
 * differences of its forward pass, for every parameter element and every input element, in
 * float64:
 *
 *   ∂f/∂θ_i ≈ (f(θ + h·e_i) − f(θ − h·e_i)) / 2h          (error O(h²))
 *
 * where f is a scalar of the layer's output: the given loss, or by default f(y) = Σ r ⊙ y for a
 * fixed random r (so ∂f/∂y = r exercises every output). The error reported for each parameter
 * tensor (by tree path, as `Optim.leaves` names them) and for the input is the relative error in
 * the max norm:
 *
 *   err = max_i |a_i − n_i| / max(max_i |a_i|, max_i |n_i|)      (0 when both are all zero)
 *
 * which, unlike an element-wise ratio, is not thrown off by elements whose true gradient is
 * zero (a dead ReLU) and whose difference quotient is rounding noise. Reference: "Deep Learning
 * from Scratch" §4.3 and `gradient_check.py`; grenade's `prop_auto_diff`.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import * as R from '../random/index.js'
import * as Tr from '../tree/index.js'
import type { Ctx, Layer } from './layer.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Options of `gradCheck`. @category model @since 0.1.0 */
export interface GradCheckOptions<O extends T.Shape, St = undefined> {
  /** The scalar to differentiate (a loss with its targets bound); default Σ r ⊙ y, r ~ N(0, 1). */
  readonly loss?: (y: T.Tensor<O, 'float64'>) => { readonly value: number; readonly grad: T.Tensor<O, 'float64'> }
  /** The step h (default 1e-6). */
  readonly eps?: number
  /** The context of every forward pass (default: train mode, key 0 — one fixed dropout mask). */
  readonly ctx?: Ctx<St>
}

/** The largest relative error per parameter tensor and for the input. @category model @since 0.1.0 */
export interface GradCheckResult {
  readonly params: ReadonlyArray<readonly [path: string, error: number]>
  readonly input: number
  /** The largest of them all. */
  readonly max: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Check a float64 layer's backward against central differences at `params` and `x`.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const net = Layer.serial(Layer.input(3, 'float64'), Layer.dense(4), Layer.tanh(), Layer.dense(2))
 * const x = Random.normal(Random.key(1), [5, 3], { dtype: 'float64' })
 * const r = Layer.gradCheck(net, net.init(Random.key(0)), x)
 * assert.ok(r.max < 1e-6)
 * assert.deepStrictEqual(r.params.map(([path]) => path), ['params[0].w', 'params[0].b', 'params[2].w', 'params[2].b'])
 *
 * @category operations
 * @since 0.1.0
 */
export const gradCheck = <I extends T.Shape, O extends T.Shape, P, Tp, St = undefined>(
  layer: Layer<I, O, P, Tp, 'float64', St>,
  params: P,
  x: T.Tensor<I, 'float64'>,
  options: GradCheckOptions<O, St> = {}
): GradCheckResult => {
  const h = options.eps ?? 1e-6
  const ctx: Ctx<St> = options.ctx ?? { key: R.key(0), mode: 'train' }
  const objective = options.loss ?? projection<O>()
  const f = (p: P, xi: T.Tensor<I, 'float64'>): number => objective(layer.forward(p, xi, ctx)[0]).value
  const [y, tape] = layer.forward(params, x, ctx)
  const [grads, dx] = layer.backward(params, tape, objective(y).grad)
  const analytic = new Map(Tr.leaves(grads))
  const paramErrors = Tr.leaves(params).map(([path, t]) => {
    if (!isFloat64(t)) return T.failShape('gradCheck', 'float64 parameters', `${path} ${t.dtype}`)
    const numeric = differences(t, h, (moved) => f(Tr.mapLeaves((leaf, p) => (p === path ? moved : leaf))(params), x))
    return [path, relativeError(analytic.get(path), numeric)] as const
  })
  const input = relativeError(dx, differences(x, h, (moved) => f(params, moved)))
  return { params: paramErrors, input, max: Math.max(input, ...paramErrors.map(([, e]) => e)) }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// f(y) = Σ r ⊙ y with r ~ N(0, 1) from a fixed key: ∂f/∂y = r.
const projection =
  <O extends T.Shape>() =>
  (y: T.Tensor<O, 'float64'>): { readonly value: number; readonly grad: T.Tensor<O, 'float64'> } => {
    const r = T.produce(y, (out) => out.set(R.normal(R.key(7), y.shape, { dtype: 'float64' }).data))
    return { value: T.sum(T.mul(y, r)), grad: r }
  }

// The central difference (f(t + h e_i) − f(t − h e_i)) / 2h for every element i of t.
const differences = <S extends T.Shape>(t: T.Tensor<S, 'float64'>, h: number, f: (moved: T.Tensor<S, 'float64'>) => number): Float64Array => {
  const out = new Float64Array(t.size)
  for (let i = 0; i < t.size; i++) {
    out[i] = (f(moved(t, i, h)) - f(moved(t, i, -h))) / (2 * h)
  }
  return out
}

// t with element i moved by delta.
const moved = <S extends T.Shape>(t: T.Tensor<S, 'float64'>, i: number, delta: number): T.Tensor<S, 'float64'> =>
  T.produce(t, (out) => {
    out.set(t.data)
    out[i] = (out[i] ?? 0) + delta
  })

const relativeError = (a: T.AnyTensor | undefined, n: Float64Array): number => {
  if (a === undefined) return Infinity
  let diff = 0
  let scale = 0
  for (let i = 0; i < n.length; i++) {
    const [ai, ni] = [a.data[i] ?? Number.NaN, n[i] ?? Number.NaN]
    diff = Math.max(diff, Math.abs(ai - ni))
    scale = Math.max(scale, Math.abs(ai), Math.abs(ni))
  }
  return a.size !== n.length ? Infinity : scale === 0 ? 0 : diff / scale
}

// A float64 layer's parameters are float64 tensors; this tells the compiler so, leaf by leaf.
const isFloat64 = (t: T.AnyTensor): t is T.Tensor<T.Shape, 'float64'> => t.dtype === 'float64'
