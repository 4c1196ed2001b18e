/**
 * A tiny layer with state, for the specs of the state channel: it keeps a running mean of its
 * input (as batch normalisation keeps running statistics) and subtracts a mean from each row —
 * the batch mean in train mode, the running mean in eval mode:
 *
 *   train: μ_B = (1/B) Σ_b x_b,  y = x − μ_B,  state′ = m·state + (1 − m)·μ_B
 *   eval:  y = x − state
 *
 * Its backward treats μ as a constant (so ∂L/∂x = ∂L/∂y): enough for the specs, which check
 * the channel, not this layer's calculus.
 */
import { Layer, Tensor } from '../../src/index.js'

export interface RunningMeanState<N extends number> {
  readonly mean: Tensor.Tensor<[N]>
}

export const runningMean = <const N extends number>(
  width: N,
  momentum = 0.5
): Layer.Layer<[number, N], [number, N], Layer.NoParams, Tensor.Tensor<[N]>, 'float32', RunningMeanState<N>> => ({
  name: `runningMean(${width})`,
  dtype: 'float32',
  inputRow: [width],
  outputRow: [width],
  init: () => ({}),
  initState: () => ({ mean: Tensor.zeros([width] as [N]) }),
  forward: (_p, x, ctx) => {
    const mean = Tensor.scale(Tensor.sum(x, 0), 1 / x.shape[0])
    const state = ctx.state
    if (ctx.mode === 'eval' && state === undefined) throw new RangeError(`runningMean(${width}): eval mode needs ctx.state`)
    const mu = ctx.mode === 'eval' && state !== undefined ? state.mean : mean
    return [Tensor.addRow(x, Tensor.scale(mu, -1)), mean] as const
  },
  backward: (_p, _tape, dOut) => [{}, dOut] as const,
  nextState: (state, batchMean) => ({ mean: Tensor.add(Tensor.scale(state.mean, momentum), Tensor.scale(batchMean, 1 - momentum)) })
})
