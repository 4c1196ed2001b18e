/**
 * Batch normalisation (Ioffe & Szegedy 2015), per feature of [B, F] or per channel of NCHW images
 * [B, C, H, W]. Write F for the features (or channels) and N for the values each one sees in a
 * batch: N = B for [B, F], N = B·H·W for [B, C, H, W]. Parameters γ : [F] (1 at init) and β : [F]
 * (0); state: the running mean and variance, μ_run : [F] (0) and σ²_run : [F] (1).
 *
 *   forward, train  μ_f  = (1/N) Σ x                         over the N values of feature f
 *                   σ²_f = (1/N) Σ (x − μ_f)²                the biased variance normalises
 *                   x̂   = (x − μ_f) / σ_f,  σ_f = √(σ²_f + ε)
 *                   y    = γ_f · x̂ + β_f                      y : the shape of x
 *   forward, eval   x̂   = (x − μ_run,f) / √(σ²_run,f + ε),   y = γ_f · x̂ + β_f
 *
 *   next state      μ_run′  = (1 − m)·μ_run  + m·μ_f                       (PyTorch's convention:
 *                   σ²_run′ = (1 − m)·σ²_run + m·σ²_f · N/(N − 1)          the unbiased variance)
 *
 *   backward, with Δ = ∂L/∂y (the shape of x) and sums over the N values of feature f:
 *                   ∂L/∂β_f = Σ Δ                                                  : [F]
 *                   ∂L/∂γ_f = Σ Δ · x̂                                              : [F]
 *     train         ∂L/∂x   = (γ_f / σ_f) / N · (N·Δ − Σ Δ − x̂ · Σ (Δ · x̂))       : the shape of x
 *                   (μ_f and σ_f depend on every x of the feature: the two sums are that dependence)
 *     eval          ∂L/∂x   = (γ_f / σ_run,f) · Δ                                (the statistics are constants)
 *
 * The running statistics are state (layer.ts): `forward` never changes them; `nextState` reads the
 * batch statistics from the tape and returns new ones, which the training fold carries. Plain
 * loops over the typed arrays, writing fresh buffers; sums are accumulated in float64.
 *
 * Reference: S. Ioffe, C. Szegedy, "Batch Normalization: Accelerating Deep Network Training by
 * Reducing Internal Covariate Shift", ICML 2015; PyTorch `torch.nn.BatchNorm2d` for the running
 * statistics' convention (momentum 0.1, ε = 1e-5, unbiased running variance).
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import type { AnyLayer, Ctx } from './layer.js'
import { requireRows, showRows } from './layer.js'
import type { DTypeIn, In, Kind, ShowShape, Stage } from './stage.js'
import { stage } from './stage.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The parameters of batch normalisation: scale γ : [F] and shift β : [F]. @category model @since 0.2.0 */
export interface BatchNormParams<F extends number, D extends T.DType = 'float32'> {
  readonly gamma: T.Tensor<[F], D>
  readonly beta: T.Tensor<[F], D>
}

/** The running statistics (state, not trained): mean and variance per feature. @category model @since 0.2.0 */
export interface BatchNormState<F extends number, D extends T.DType = 'float32'> {
  readonly mean: T.Tensor<[F], D>
  readonly variance: T.Tensor<[F], D>
}

/**
 * What backward and `nextState` need: the input, the statistics it was normalised with (the
 * batch's in train mode, the running ones in eval mode), 1/σ per feature, and the unbiased batch
 * variance for the running statistics.
 *
 * @category model
 * @since 0.2.0
 */
export interface BatchNormTape<D extends T.DType = 'float32'> {
  readonly mode: 'train' | 'eval'
  readonly x: T.Tensor<T.Shape, D>
  readonly mean: T.Tensor<[number], D>
  readonly invStd: T.Tensor<[number], D>
  /** The batch's variance with Bessel's correction, Σ (x − μ)² / (N − 1) (train mode only). */
  readonly unbiased: T.Tensor<[number], D> | undefined
}

/** Options of `batchNorm`. @category model @since 0.2.0 */
export interface BatchNormOptions {
  /** The weight of the batch in the running statistics (0.1 by default, as PyTorch's). */
  readonly momentum?: number
  /** Added to the variance before the square root (1e-5 by default). */
  readonly epsilon?: number
}

/** The features batch normalisation keeps statistics for: F of [number, F], C of [number, C, H, W]. @category model @since 0.2.0 */
export type FeaturesOf<S> = S extends readonly [number, infer F extends number] ? F : S extends readonly [number, infer C extends number, number, number] ? C : number

/** The stage `batchNorm(…)`: shape-preserving, on [number, F] or [number, C, H, W]. @category model @since 0.2.0 */
export interface BatchNormKind extends Kind {
  readonly out: In<this>
  readonly params: BatchNormParams<FeaturesOf<In<this>>, DTypeIn<this>>
  readonly tape: BatchNormTape<DTypeIn<this>>
  readonly state: BatchNormState<FeaturesOf<In<this>>, DTypeIn<this>>
  readonly error: In<this> extends readonly [number, number] | readonly [number, number, number, number]
    ? never
    : `batchNorm takes features [number, F] or images [number, C, H, W], found ${ShowShape<In<this>>}`
}

// -------------------------------------------------------------------------------------
// layers
// -------------------------------------------------------------------------------------

/**
 * A batch-normalisation stage for `serial`, after a dense layer ([number, F]: statistics per
 * feature) or a convolution ([number, C, H, W]: per channel, over B·H·W). Train mode normalises
 * with the batch's statistics; eval mode with the running ones, read from `ctx.state` (a network's
 * `TrainState.state`: `Layer.evalCtxWith(state)`, `Layer.predict(…, { state })`). A momentum
 * outside [0, 1] or an ε that is not positive stops with a `RangeError`.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const net = Layer.serial(Layer.input(2, 'float64'), Layer.batchNorm())
 * const x = Tensor.tensor([[1, 10], [3, 30]], 'float64')
 * // train mode: each feature to mean 0 and variance 1 (γ = 1, β = 0)
 * const [y, tape] = net.forward(net.init(Random.key(0)), x, Layer.trainCtx(Random.key(1)))
 * assert.deepStrictEqual(Array.from(y.data, (v) => Math.round(v * 1000) / 1000), [-1, -1, 1, 1])
 * // the running statistics move a tenth of the way to the batch's (mean [2, 20], unbiased variance [2, 200])
 * const state = net.nextState!(Layer.initialState(net)!, tape)
 * assert.deepStrictEqual(Array.from(state[0].mean.data), [0.2, 2])
 * assert.deepStrictEqual(Array.from(state[0].variance.data, (v) => Math.round(v * 1e9) / 1e9), [1.1, 20.9])
 * // eval mode reads them
 * const [e] = net.forward(net.init(Random.key(0)), x, Layer.evalCtxWith(state))
 * assert.ok(Math.abs((e.data[0] ?? 0) - (1 - 0.2) / Math.sqrt(1.1 + 1e-5)) < 1e-12)
 *
 * @category layers
 * @since 0.2.0
 */
export const batchNorm = (options: BatchNormOptions = {}): Stage<BatchNormKind> => {
  const momentum = options.momentum ?? 0.1
  const epsilon = options.epsilon ?? 1e-5
  if (!(momentum >= 0 && momentum <= 1)) throw new RangeError(`batchNorm: expected a momentum in [0, 1], found ${momentum}`)
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new RangeError(`batchNorm: expected a positive epsilon, found ${epsilon}`)
  return stage<BatchNormKind>('batchNorm', (row, dtype) => {
    const features = row.length === 1 || row.length === 3 ? (row[0] ?? 0) : 0
    if (features < 1) return T.failShape('batchNorm', 'features [B, F] or images [B, C, H, W]', showRows(row))
    return batchNormLayer(row, features, momentum, epsilon, dtype)
  })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Vec<D extends T.DType> = T.Tensor<[number], D>
type Params<D extends T.DType> = BatchNormParams<number, D>
type State<D extends T.DType> = BatchNormState<number, D>

const batchNormLayer = <D extends T.DType>(row: T.Shape, F: number, momentum: number, epsilon: number, dtype: D): AnyLayer => {
  // Values per example of one feature: 1 for [B, F], H·W for [B, C, H, W]. x[b, f, s] is at (b·F + f)·S + s.
  const S = T.sizeOf(row) / F
  const name = `batchNorm(${F}${row.length === 3 ? `, ${row[1]}×${row[2]}` : ''})`
  const vec = (fill: (out: T.FloatArray) => void): Vec<D> => T.produceAs([F], dtype, fill)
  const requireVec = (what: string, t: T.AnyTensor): void => {
    if (!T.sameShape(t.shape, [F]) || t.dtype !== dtype) T.failShape(name, `${what}: [${F}] ${dtype}`, `${T.showShape(t.shape)} ${t.dtype}`)
  }
  const requireParams = (p: Params<D>): void => {
    requireVec('gamma', p.gamma)
    requireVec('beta', p.beta)
  }
  // The batch's mean and biased variance per feature, in float64: two passes (the second over the
  // deviations, which keeps the variance accurate when the mean is large).
  const batchStatistics = (xd: T.ReadonlyData, batch: number): { readonly mean: Float64Array; readonly sq: Float64Array } => {
    const mean = new Float64Array(F)
    const sq = new Float64Array(F)
    for (let b = 0, i = 0; b < batch; b++) {
      for (let f = 0; f < F; f++) {
        let s = 0
        for (let end = i + S; i < end; i++) s += xd[i] ?? 0
        mean[f] = (mean[f] ?? 0) + s
      }
    }
    const n = batch * S
    for (let f = 0; f < F; f++) mean[f] = (mean[f] ?? 0) / n
    for (let b = 0, i = 0; b < batch; b++) {
      for (let f = 0; f < F; f++) {
        const m = mean[f] ?? 0
        let s = 0
        for (let end = i + S; i < end; i++) {
          const d = (xd[i] ?? 0) - m
          s += d * d
        }
        sq[f] = (sq[f] ?? 0) + s
      }
    }
    return { mean, sq }
  }
  const layer = {
    name,
    spec: { kind: 'batchNorm', features: F, momentum, epsilon },
    dtype,
    inputRow: [...row],
    outputRow: [...row],
    init: (): Params<D> => ({ gamma: T.ones([F], dtype), beta: T.zeros([F], dtype) }),
    initState: (): State<D> => ({ mean: T.zeros([F], dtype), variance: T.ones([F], dtype) }),
    forward: (p: Params<D>, x: T.Tensor<T.Shape, D>, ctx: Ctx<State<D>>) => {
      const batch = requireRows(name, row, dtype, x)
      requireParams(p)
      const xd = x.data
      let mean: Vec<D>
      let invStd: Vec<D>
      let unbiased: Vec<D> | undefined
      if (ctx.mode === 'train') {
        const n = batch * S
        if (n < 2) return T.failShape(name, 'in train mode more than one value per feature (a batch of at least 2)', T.showShape(x.shape))
        const st = batchStatistics(xd, batch)
        mean = vec((out) => out.set(st.mean))
        invStd = vec((out) => {
          for (let f = 0; f < F; f++) out[f] = 1 / Math.sqrt((st.sq[f] ?? 0) / n + epsilon)
        })
        unbiased = vec((out) => {
          for (let f = 0; f < F; f++) out[f] = (st.sq[f] ?? 0) / (n - 1)
        })
      } else {
        const state = ctx.state
        if (state === undefined)
          return T.failShape(name, 'in eval mode the running statistics in ctx.state (Layer.evalCtxWith(state), predict(…, { state }))', 'no state')
        requireVec('state mean', state.mean)
        requireVec('state variance', state.variance)
        mean = state.mean
        invStd = vec((out) => {
          for (let f = 0; f < F; f++) out[f] = 1 / Math.sqrt((state.variance.data[f] ?? 0) + epsilon)
        })
        unbiased = undefined
      }
      const [md, sd, gd, bd] = [mean.data, invStd.data, p.gamma.data, p.beta.data]
      // y = γ·(x − μ)/σ + β = a·x + c per feature, with a = γ/σ and c = β − a·μ
      const y = T.produceAs(x.shape, dtype, (out) => {
        for (let b = 0, i = 0; b < batch; b++) {
          for (let f = 0; f < F; f++) {
            const a = (gd[f] ?? 0) * (sd[f] ?? 0)
            const c = (bd[f] ?? 0) - a * (md[f] ?? 0)
            for (let end = i + S; i < end; i++) out[i] = a * (xd[i] ?? 0) + c
          }
        }
      })
      const tape: BatchNormTape<D> = { mode: ctx.mode, x, mean, invStd, unbiased }
      return [y, tape] as const
    },
    backward: (p: Params<D>, tape: BatchNormTape<D>, dOut: T.Tensor<T.Shape, D>) => {
      const batch = requireRows(name, row, dtype, dOut)
      requireParams(p)
      const [xd, dd, md, sd, gd] = [tape.x.data, dOut.data, tape.mean.data, tape.invStd.data, p.gamma.data]
      // Σ Δ and Σ Δ·x̂ per feature
      const sumD = new Float64Array(F)
      const sumDX = new Float64Array(F)
      for (let b = 0, i = 0; b < batch; b++) {
        for (let f = 0; f < F; f++) {
          const [m, inv] = [md[f] ?? 0, sd[f] ?? 0]
          let s = 0
          let sx = 0
          for (let end = i + S; i < end; i++) {
            const d = dd[i] ?? 0
            s += d
            sx += d * ((xd[i] ?? 0) - m) * inv
          }
          sumD[f] = (sumD[f] ?? 0) + s
          sumDX[f] = (sumDX[f] ?? 0) + sx
        }
      }
      const n = batch * S
      const dx = T.produceAs(tape.x.shape, dtype, (out) => {
        for (let b = 0, i = 0; b < batch; b++) {
          for (let f = 0; f < F; f++) {
            const [m, inv] = [md[f] ?? 0, sd[f] ?? 0]
            const k = (gd[f] ?? 0) * inv
            if (tape.mode === 'eval') {
              // ∂L/∂x = (γ/σ_run)·Δ
              for (let end = i + S; i < end; i++) out[i] = k * (dd[i] ?? 0)
            } else {
              // ∂L/∂x = (γ/σ)/N · (N·Δ − ΣΔ − x̂·Σ(Δ·x̂))
              const [s, sx] = [sumD[f] ?? 0, sumDX[f] ?? 0]
              for (let end = i + S; i < end; i++) out[i] = (k / n) * (n * (dd[i] ?? 0) - s - ((xd[i] ?? 0) - m) * inv * sx)
            }
          }
        }
      })
      const grads: Params<D> = { gamma: vec((out) => out.set(sumDX)), beta: vec((out) => out.set(sumD)) }
      return [grads, dx] as const
    },
    nextState: (state: State<D>, tape: BatchNormTape<D>): State<D> => {
      const unbiased = tape.unbiased
      if (tape.mode === 'eval' || unbiased === undefined) return state
      requireVec('state mean', state.mean)
      requireVec('state variance', state.variance)
      // running′ = (1 − m)·running + m·batch
      const blend = (run: Vec<D>, batch: Vec<D>): Vec<D> =>
        vec((out) => {
          for (let f = 0; f < F; f++) out[f] = (1 - momentum) * (run.data[f] ?? 0) + momentum * (batch.data[f] ?? 0)
        })
      return { mean: blend(state.mean, tape.mean), variance: blend(state.variance, unbiased) }
    }
  } as const
  return layer
}
