/**
 * batchNorm: known answers worked by hand, the gradient check (float64, three seeds, train and
 * eval mode, [B, F] and NCHW), the inputs-unchanged check, the running statistics (PyTorch's
 * convention) carried as state through a training fold, and a small training run in which eval
 * mode reads the running statistics.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Layer, Loss, Optim, Random, Tensor, Train } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { checkLayer, randn, seeds } from '../support/layer-checks.js'

const f64 = <const A extends Tensor.Nested>(a: A) => Tensor.tensor(a, 'float64')
const rounded = (t: Tensor.AnyTensor, digits = 9) => Array.from(t.data, (v) => Math.round(v * 10 ** digits) / 10 ** digits)

// Per-channel mean and biased variance of y : [B, C, ...] (the plain definition, for the checks below).
const channelMoments = (y: Tensor.AnyTensor, channels: number): Array<readonly [number, number]> => {
  const per = y.size / (y.shape[0] ?? 1) / channels
  return Array.from({ length: channels }, (_c, c) => {
    const vs: Array<number> = []
    for (let b = 0; b < (y.shape[0] ?? 0); b++) for (let s = 0; s < per; s++) vs.push(y.data[(b * channels + c) * per + s] ?? 0)
    const m = vs.reduce((a, v) => a + v, 0) / vs.length
    return [m, vs.reduce((a, v) => a + (v - m) ** 2, 0) / vs.length] as const
  })
}

describe('batchNorm', () => {
  it('should normalise each feature with the batch statistics in train mode (worked by hand)', () => {
    const l = _.build(_.input(2, 'float64'), _.batchNorm())
    const p = { gamma: f64([2, 1]), beta: f64([0.5, -1]) }
    // feature 0: 1, 3 → μ 2, σ² 1 → x̂ ∓1/√(1 + 1e-5); feature 1: 10, 30 → μ 20, σ² 100
    const [y, tape] = l.forward(p, f64([[1, 10], [3, 30]]), _.trainCtx(Random.key(0)))
    const a = 1 / Math.sqrt(1 + 1e-5)
    const b = 10 / Math.sqrt(100 + 1e-5)
    expect(rounded(y, 12)).toEqual(rounded(f64([[0.5 - 2 * a, -1 - b], [0.5 + 2 * a, -1 + b]]), 12))
    // ∂L/∂y = [[1, 0], [0, 0]]: ∂β = ΣΔ = [1, 0], ∂γ = ΣΔ·x̂ = [−a, 0];
    // ∂x (feature 0) = (γ/σ)/N·(N·Δ − ΣΔ − x̂·ΣΔx̂) = (2a/2)·([2, 0] − 1 − (∓a)·(−a)) = a·[1 − a², −1 + a²]
    const [g, dx] = l.backward(p, tape, f64([[1, 0], [0, 0]]))
    expect(rounded(g.beta)).toEqual([1, 0])
    expect(rounded(g.gamma)).toEqual(rounded(f64([-a, 0])))
    expect(rounded(dx, 12)).toEqual(rounded(f64([[a * (1 - a * a), 0], [-a * (1 - a * a), 0]]), 12))
  })
  it('should move the running statistics by PyTorch\'s rule: (1 − m)·running + m·batch, the variance unbiased', () => {
    const l = _.build(_.input(2, 'float64'), _.batchNorm({ momentum: 0.25 }))
    const x = f64([[1, 10], [3, 30], [5, 20]])
    const [, tape] = l.forward(l.init(Random.key(0)), x, _.trainCtx(Random.key(0)))
    const s0 = l.initState!()
    expect([rounded(s0.mean), rounded(s0.variance)]).toEqual([[0, 0], [1, 1]])
    // batch: μ = [3, 20]; unbiased variance Σ(x − μ)²/(N − 1) = [8/2, 200/2] = [4, 100]
    const s1 = leavesInputsUnchanged([s0.mean, s0.variance, x], () => l.nextState!(s0, tape))
    expect(rounded(s1.mean)).toEqual([0.75, 5])
    expect(rounded(s1.variance)).toEqual([1.75, 25.75])
    // eval mode reads the state it is given, not the batch: (x − μ_run)/√(σ²_run + ε)
    const [e] = l.forward(l.init(Random.key(0)), x, _.evalCtxWith(s1))
    expect(rounded(e, 12)[0]).toBe(Math.round(((1 - 0.75) / Math.sqrt(1.75 + 1e-5)) * 1e12) / 1e12)
    // and an eval-mode tape leaves the state as it was
    const [, evalTape] = l.forward(l.init(Random.key(0)), x, _.evalCtxWith(s1))
    expect(l.nextState!(s1, evalTape)).toBe(s1)
  })
  it('should give each channel of NCHW images mean β and variance γ²·σ²/(σ² + ε) over B·H·W', () => {
    const l = _.build(_.input([3, 4, 5], 'float64'), _.batchNorm())
    const p = { gamma: f64([1, 2, 0.5]), beta: f64([0, -1, 3]) }
    const x = Tensor.add(Tensor.scale(randn(4, [6, 3, 4, 5]), 3), Tensor.fill([6, 3, 4, 5], 7, 'float64'))
    const [y] = l.forward(p, x, _.trainCtx(Random.key(0)))
    const before = channelMoments(x, 3)
    channelMoments(y, 3).forEach(([m, v], c) => {
      const [, s2] = before[c]!
      const g = p.gamma.data[c]!
      expect(m).toBeCloseTo(p.beta.data[c]!, 12)
      expect(v).toBeCloseTo((g * g * s2) / (s2 + 1e-5), 12)
    })
  })
  // Two rows need a large ε: with N = 2, x̂ = ±1/√(1 + ε/σ²) hardly depends on x, so ∂L/∂x is O(ε)
  // and, at ε = 1e-5, smaller than the rounding noise of the central differences.
  const cases = [
    { name: '[B, F] = [5, 3]', row: [3], batch: 5, epsilon: 1e-5 },
    { name: '[B, F] = [2, 4] (two rows, ε = 0.5)', row: [4], batch: 2, epsilon: 0.5 },
    { name: 'NCHW [3, 2, 4, 5]', row: [2, 4, 5], batch: 3, epsilon: 1e-5 },
    { name: 'NCHW [1, 3, 2, 3] (batch 1: statistics over H·W)', row: [3, 2, 3], batch: 1, epsilon: 1e-5 }
  ] as const
  for (const c of cases) {
    it(`should agree with central differences over 3 seeds (float64, ≤ 1e-6) in train and eval mode and leave inputs unchanged: ${c.name}`, () => {
      // One type for every case (the layer's rank is checked at run time): images [B, C, H, W].
      const l = _.build(_.input(c.row as readonly [number, number, number], 'float64'), _.batchNorm({ epsilon: c.epsilon }))
      const F = c.row[0]
      for (const s of seeds) {
        const p = { gamma: Tensor.add(randn(s + 20, [F]), Tensor.fill([F], 1, 'float64')), beta: randn(s + 30, [F]) }
        const x = randn(s + 10, [c.batch, ...c.row], 2) as Tensor.Tensor<[number, number, number, number], 'float64'>
        checkLayer(`batchNorm ${c.name} train seed ${s}`, l, p, x)
        const state = { mean: randn(s + 40, [F]), variance: Tensor.map(randn(s + 50, [F]), (v) => 0.5 + v * v) }
        checkLayer(`batchNorm ${c.name} eval seed ${s}`, l, p, x, { ctx: _.evalCtxWith(state) })
      }
    })
  }
  it('should compute in float32 what it computes in float64 (to float32 precision)', () => {
    const l32 = _.build(_.input([4, 3, 3]), _.batchNorm())
    const l64 = _.build(_.input([4, 3, 3], 'float64'), _.batchNorm())
    const x = randn(9, [8, 4, 3, 3])
    const x32 = Tensor.generate(x.shape, (i) => x.data[i]!)
    const [y32] = l32.forward(l32.init(Random.key(0)), x32, _.trainCtx(Random.key(0)))
    const [y64] = l64.forward(l64.init(Random.key(0)), x, _.trainCtx(Random.key(0)))
    Array.from(y64.data).forEach((v, i) => expect(Math.abs(v - y32.data[i]!)).toBeLessThan(1e-5))
  })
  it('should describe itself, initialise γ = 1, β = 0, running mean 0 and variance 1', () => {
    const l = _.build(_.input([16, 28, 28]), _.batchNorm({ momentum: 0.2, epsilon: 1e-3 }))
    expect(l.spec).toEqual({ kind: 'batchNorm', features: 16, momentum: 0.2, epsilon: 1e-3 })
    expect(l.name).toBe('batchNorm(16, 28×28)')
    expect(l.outputRow).toEqual([16, 28, 28])
    const p = l.init(Random.key(0))
    expect([Tensor.toArray(p.gamma).every((v) => v === 1), Tensor.toArray(p.beta).every((v) => v === 0)]).toEqual([true, true])
    const s = l.initState!()
    expect([s.mean.shape, s.variance.shape, Tensor.toArray(s.variance)[15]]).toEqual([[16], [16], 1])
    expect(_.build(_.input(10), _.batchNorm()).name).toBe('batchNorm(10)')
  })
  it('should say clearly what is wrong: no state in eval mode, one value per feature in train mode, another rank, bad options', () => {
    const l = _.build(_.input(3), _.batchNorm())
    const p = l.init(Random.key(0))
    expect(() => l.forward(p, Tensor.zeros([4, 3]) as Tensor.Tensor<[number, 3]>, { key: Random.key(0), mode: 'eval' })).toThrow(
      'batchNorm(3): expected in eval mode the running statistics in ctx.state (Layer.evalCtxWith(state), predict(…, { state })), found no state'
    )
    expect(() => l.forward(p, Tensor.zeros([1, 3]) as Tensor.Tensor<[number, 3]>, _.trainCtx(Random.key(0)))).toThrow(
      'batchNorm(3): expected in train mode more than one value per feature (a batch of at least 2), found [1, 3]'
    )
    const r = Tensor.attempt(() => _.serialOf(_.input([2, 5]), [_.batchNorm()]))
    expect(E.isLeft(r) && r.left.message).toBe('batchNorm: expected features [B, F] or images [B, C, H, W], found [B, 2, 5]')
    expect(() => _.batchNorm({ momentum: 1.5 })).toThrow('batchNorm: expected a momentum in [0, 1], found 1.5')
    expect(() => _.batchNorm({ epsilon: 0 })).toThrow('batchNorm: expected a positive epsilon, found 0')
    expect(() => l.forward({ gamma: Tensor.ones([4]), beta: Tensor.zeros([3]) } as never, Tensor.zeros([2, 3]), _.trainCtx(Random.key(0)))).toThrow(
      'batchNorm(3): expected gamma: [3] float32, found [4] float32'
    )
  })
})

describe('batchNorm in training', () => {
  // Two Gaussian blobs away from the origin and on very different scales: what batch norm is for.
  const n = 256
  const data = (seed: number) => {
    const z = Random.normal(Random.key(seed), [n, 2])
    const labels = Array.from({ length: n }, (_l, i) => i % 2)
    const x = Tensor.generate([n, 2] as [number, 2], (i) => {
      const [r, f] = [Math.floor(i / 2), i % 2]
      const shift = labels[r] === 1 ? 1.5 : -1.5
      return f === 0 ? 20 + 3 * ((z.data[i] ?? 0) + shift) : -5 + 0.1 * ((z.data[i] ?? 0) - shift)
    })
    const y = Tensor.generate([n, 2] as [number, 2], (i) => (labels[Math.floor(i / 2)] === i % 2 ? 1 : 0))
    return { x, y, labels }
  }
  const net = Layer.serial(Layer.input(2), Layer.dense(8), Layer.batchNorm(), Layer.relu(), Layer.dense(2))
  const accuracy = (out: Tensor.Tensor<[number, 2]>, labels: ReadonlyArray<number>) =>
    Array.from(Tensor.argmax(out)).filter((d, i) => d === labels[i]).length / labels.length

  it('should train through Train.fit, carrying the running statistics as state, and evaluate with them', () => {
    const train = data(1)
    const test = data(2)
    const fitted = Train.fit(net, Loss.softmaxCrossEntropy, Optim.adam(0.01), { x: train.x, y: train.y }, { epochs: 10, batch: 32, key: Random.key(3) })
    if (E.isLeft(fitted)) throw new Error(fitted.left.message)
    const { params, state } = fitted.right.state
    const history = fitted.right.history
    expect(history[history.length - 1]!.metrics['trainLoss']).toBeLessThan(history[0]!.metrics['trainLoss']! / 2)
    // The state moved from its start (mean 0, variance 1) towards the statistics of dense's output.
    const running = state![1]
    expect(Tensor.toArray(running.mean).some((m) => Math.abs(m) > 1)).toBe(true)
    // Eval mode with the running statistics classifies unseen data about as well as train mode on
    // the whole test set at once (the blobs overlap: about 95 % is what can be had)…
    const withRunning = Layer.predict(net, params, test.x, { state })
    const [trainMode] = net.forward(params, test.x, Layer.trainCtx(Random.key(0), state))
    expect(accuracy(withRunning, test.labels)).toBeGreaterThan(0.9)
    expect(Math.abs(accuracy(withRunning, test.labels) - accuracy(trainMode, test.labels))).toBeLessThanOrEqual(0.03)
    // …and eval mode with the initial statistics, which is what a hidden default would give, does not.
    const withInitial = Layer.predict(net, params, test.x, { state: Layer.initialState(net) })
    expect(accuracy(withInitial, test.labels)).toBeLessThan(0.6)
    const [first, last] = [history[0]!.metrics['trainLoss'], history[history.length - 1]!.metrics['trainLoss']]
    console.info(
      `batchNorm MLP, 10 epochs: train loss ${first?.toFixed(3)} → ${last?.toFixed(3)}; test accuracy in eval mode with the running statistics ${accuracy(withRunning, test.labels)}, in train mode over the test set ${accuracy(trainMode, test.labels)}, in eval mode with the initial statistics ${accuracy(withInitial, test.labels)}`
    )
  })
  it('should be deterministic and never change a state it was given', () => {
    const train = data(1)
    const tx = Optim.adam<ReturnType<typeof net.init>>(0.02)
    const s0 = Train.initState(net.init(Random.key(0)), tx, Random.key(1), Layer.initialState(net))
    const batch = { x: train.x, y: train.y }
    const step = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)
    const inputs = [s0.state![1].mean, s0.state![1].variance, train.x, train.y]
    const s1 = leavesInputsUnchanged(inputs, () => step(s0, batch))
    expect(Tensor.toArray(step(s0, batch).state![1].mean)).toEqual(Tensor.toArray(s1.state![1].mean))
    expect(Tensor.toArray(s1.state![1].mean)).not.toEqual(Tensor.toArray(s0.state![1].mean))
  })
})
