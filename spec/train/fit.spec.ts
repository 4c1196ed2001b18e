import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Layer, Loss, Optim, Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/train/index.js'
import { runningMean } from '../support/running-mean.js'

// Two Gaussian blobs in 4 dimensions, one-hot labels: separable, so training must get them right.
const blobs = (seed: number, n: number) => {
  const noise = Random.normal(Random.key(seed), [n, 4] as [number, 4])
  const classes = Array.from({ length: n }, (_, i) => i % 2)
  const x = Tensor.generate([n, 4] as [number, 4], (i) => noise.data[i]! * 0.5 + (classes[Math.floor(i / 4)] === 1 ? 1 : -1))
  const y = E.getOrElseW(() => expect.fail('oneHot'))(Tensor.oneHot(classes, 2)) as Tensor.Tensor<[number, 2]>
  return { x, y }
}
const data = blobs(1, 64)
const valid = blobs(2, 32)
const net = Layer.serial(Layer.input(4), Layer.dense(8), Layer.relu(), Layer.dense(2))
type P = ReturnType<typeof net.init>
const tx = Optim.adam<P>(0.01)
const right = <A>(r: E.Either<{ readonly message: string }, A>): A => (E.isRight(r) ? r.right : expect.fail(r.left.message))
const bits = (p: P) => Optim.leaves(p).map(([path, t]) => [path, Array.from(new Uint32Array(Float32Array.from(t.data).buffer))])

describe('fit', () => {
  it('should give bit for bit the state of the hand-written epoch loop it replaces', () => {
    const key = Random.key(5)
    const fitted = right(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 3, batch: 16, key }))
    // The loop every caller used to write: three keys, a fold of the guarded step per epoch.
    const [kInit, kData, kTrain] = Random.splitN(key, 3)
    const epochOf = right(E.flatMap((d: _.Dataset<typeof data>) => _.epochs(16)(d))(_.dataset(data)))
    const step = _.trainStepChecked(net, Loss.softmaxCrossEntropy, tx)
    let state = _.initState(net.init(kInit!), tx, kTrain!)
    for (let epoch = 1; epoch <= 3; epoch++) state = right(E.mapLeft((s: _.Stopped<_.GuardError, typeof state>) => s.error)(_.foldEither(step, state)(epochOf(kData!, epoch))))
    expect(bits(fitted.state.params)).toEqual(bits(state.params))
    expect(fitted.state.step).toBe(12)
    expect(fitted.history.map((r) => [r.epoch, r.step])).toEqual([[1, 4], [2, 8], [3, 12]])
    expect(fitted.stoppedEarly).toBe(false)
    // The same three keys given one by one give the same run.
    const byKeys = right(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 3, batch: 16, key: { init: kInit!, data: kData!, step: kTrain! } }))
    expect(bits(byKeys.state.params)).toEqual(bits(state.params))
  })
  it('should learn, record the mean train loss per epoch and evaluate the validation data', () => {
    const fitted = right(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 20, batch: 16, key: Random.key(0), validation: valid }))
    const first = fitted.history[0]!.metrics
    const last = fitted.history[19]!.metrics
    expect(Object.keys(last).sort()).toEqual(['trainLoss', 'validAccuracy', 'validLoss'])
    expect(last['trainLoss']!).toBeLessThan(first['trainLoss']! / 3)
    expect(last['validAccuracy']).toBe(1)
    const direct = _.evaluate(net, Loss.softmaxCrossEntropy, 2)(fitted.state.params)([valid])
    expect(last['validLoss']).toBeCloseTo(direct.loss, 6)
  })
  it('should weight each batch by its rows in the train loss (a smaller last batch counts for what it holds)', () => {
    const losses: Array<[number, number]> = []
    const fitted = right(
      _.fit(net, Loss.softmaxCrossEntropy, tx, data, {
        epochs: 1,
        batch: 24,
        key: Random.key(0),
        observer: { batch: (e) => losses.push([e.loss, e.rows]) }
      })
    )
    expect(losses.map(([, r]) => r)).toEqual([24, 24, 16])
    const mean = losses.reduce((a, [l, r]) => a + l * r, 0) / 64
    expect(fitted.history[0]!.metrics['trainLoss']).toBeCloseTo(mean, 12)
  })
  it('should tell the observer about every batch and every epoch, with steps per epoch', () => {
    const events: Array<string> = []
    right(
      _.fit(net, Loss.softmaxCrossEntropy, tx, data, {
        epochs: 2,
        batch: 32,
        key: Random.key(0),
        observer: {
          batch: (e) => events.push(`b${e.epoch}.${e.step}/${e.steps} ${e.samples} s${e.state.step}`),
          epoch: (e) => events.push(`e${e.epoch}/${e.epochs} h${e.history.length}`)
        }
      })
    )
    expect(events).toEqual(['b1.1/2 32 s1', 'b1.2/2 64 s2', 'e1/2 h1', 'b2.1/2 32 s3', 'b2.2/2 64 s4', 'e2/2 h2'])
  })
  it('should stop early after `patience` epochs without improvement and restore the best epoch', () => {
    // Watching the train loss for a *maximum* makes epoch 1 the best, so training stops after 1 + 2 epochs.
    const es = { metric: 'trainLoss', mode: 'max', patience: 2 } as const
    const kept = right(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 10, batch: 16, key: Random.key(0), earlyStopping: es }))
    expect([kept.epochs, kept.stoppedEarly, kept.bestEpoch, kept.state.step]).toEqual([3, true, 1, 12])
    const best = right(
      _.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 10, batch: 16, key: Random.key(0), earlyStopping: { ...es, restoreBest: true } })
    )
    const one = right(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 1, batch: 16, key: Random.key(0) }))
    expect(best.state.step).toBe(4)
    expect(bits(best.state.params)).toEqual(bits(one.state.params))
    expect(best.history).toHaveLength(3)
  })
  it('should give the same bits when the next batch is gathered on a second thread during each step, also after an early stop', () => {
    // Wide rows (2.4 KB each) so the native backend's second thread does the gathering.
    const wide = { x: Random.uniform(Random.key(8), [256, 600] as [number, 600]), y: E.getOrElseW(() => expect.fail('oneHot'))(Tensor.oneHot(Array.from({ length: 256 }, (_v, i) => i % 3), 3)) }
    const wnet = Layer.serial(Layer.input(600), Layer.dense(16), Layer.relu(), Layer.dense(3))
    const wtx = Optim.sgd<ReturnType<typeof wnet.init>>(0.1)
    const run = () => right(_.fit(wnet, Loss.softmaxCrossEntropy, wtx, wide, { epochs: 2, batch: 32, key: Random.key(9) }))
    const wbits = (p: ReturnType<typeof wnet.init>) => Optim.leaves(p).map(([path, t]) => [path, Array.from(new Uint32Array(Float32Array.from(t.data).buffer))])
    const before = Tensor.kernelStatus()
    try {
      Tensor.selectKernels('auto', { threads: 1 })
      const one = run()
      Tensor.selectKernels('auto', { threads: 2 })
      const stopped = _.fit(wnet, Loss.softmaxCrossEntropy, Optim.sgd<ReturnType<typeof wnet.init>>(1e30), wide, { epochs: 2, batch: 32, key: Random.key(9) })
      expect(E.isLeft(stopped) && stopped.left._tag).toBe('FitNonFinite')
      const two = run()
      expect(wbits(two.state.params)).toEqual(wbits(one.state.params))
      // The caller's stream of the same epochs gives them too (it is gathered at once, on this thread).
      const stream = right(E.flatMap((d: _.Dataset<typeof wide>) => _.epochs(32)(d))(_.dataset(wide)))
      const streamed = right(_.fit(wnet, Loss.softmaxCrossEntropy, wtx, stream, { epochs: 2, batch: 32, key: Random.key(9) }))
      expect(wbits(streamed.state.params)).toEqual(wbits(one.state.params))
    } finally {
      Tensor.selectKernels('auto', { threads: before.threads })
    }
  })
  it('should stop at a non-finite loss, naming epoch and step and keeping the last finite state', () => {
    const wild = Optim.sgd<P>(1e30)
    const r = _.fit(net, Loss.softmaxCrossEntropy, wild, data, { epochs: 5, batch: 16, key: Random.key(0) })
    expect(E.isLeft(r) && r.left._tag).toBe('FitNonFinite')
    if (E.isLeft(r) && r.left._tag === 'FitNonFinite') {
      expect(r.left.message).toMatch(/^fit: epoch \d: non-finite (loss|gradient)/)
      expect(Optim.leaves(r.left.state.params).every(([, t]) => Array.from(t.data).every(Number.isFinite))).toBe(true)
      expect(r.left.state.step).toBe(r.left.error.step - 1)
    }
  })
  it('should train from an epoch stream, sync or async, as from the same batches in memory', async () => {
    const d = right(_.dataset(data))
    const epochOf = right(_.epochs(16)(d))
    const key = Random.key(3)
    const fromTensors = right(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 2, batch: 16, key }))
    const fromStream = right(_.fit(net, Loss.softmaxCrossEntropy, tx, (k, e) => epochOf(k, e), { epochs: 2, batch: 16, key }))
    const async = (k: Random.Key, e: number): AsyncIterable<_.Batch<Tensor.Tensor<[number, 4]>, Tensor.Tensor<[number, 2]>>> => ({
      async *[Symbol.asyncIterator]() {
        for (const b of epochOf(k, e)) yield b
      }
    })
    const pending = _.fit(net, Loss.softmaxCrossEntropy, tx, async, { epochs: 2, batch: 16, key })
    expect(pending).toBeInstanceOf(Promise)
    const fromAsync = right(await pending)
    expect(bits(fromStream.state.params)).toEqual(bits(fromTensors.state.params))
    expect(bits(fromAsync.state.params)).toEqual(bits(fromTensors.state.params))
  })
  describe('bad input', () => {
    const message = (r: E.Either<_.FitError<P, unknown>, unknown>) => (E.isLeft(r) ? [r.left._tag, r.left.message] : 'Right')
    const key = Random.key(0)
    it('should refuse epochs that are not a positive integer', () => {
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 0, batch: 16, key }))).toEqual([
        'FitOptionError',
        'fit: expected option epochs to be a positive integer, found 0'
      ])
    })
    it('should refuse a batch larger than the data', () => {
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 1, batch: 128, key }))).toEqual([
        'FitOptionError',
        'fit: expected option batch to be at most 64 (the rows of data.x), found 128'
      ])
    })
    it('should refuse validation data of another width', () => {
      const narrow = { x: Tensor.zeros([8, 3]) as unknown as Tensor.Tensor<[number, 4]>, y: valid.y }
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 1, batch: 16, key, validation: narrow }))).toEqual([
        'FitOptionError',
        "fit: expected validation.x to be [B, 4] float32 (the network's input), found [8, 3] float32"
      ])
    })
    it('should refuse labels of another dtype or width at run time', () => {
      const f64 = { x: data.x, y: Tensor.astype(data.y, 'float64') as unknown as Tensor.Tensor<[number, 2]> }
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, f64, { epochs: 1, batch: 16, key }))).toEqual([
        'FitOptionError',
        "fit: expected data.y to be [B, 2] float32 (the network's output), found [64, 2] float64"
      ])
      const wide = { x: data.x, y: Tensor.zeros([64, 3]) as unknown as Tensor.Tensor<[number, 2]> }
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, wide, { epochs: 1, batch: 16, key }))[1]).toBe(
        "fit: expected data.y to be [B, 2] float32 (the network's output), found [64, 3] float32"
      )
    })
    it('should refuse rows that disagree, and early stopping on a metric nobody records', () => {
      const short = { x: data.x, y: Tensor.sliceRows(data.y, 0, 10) as Tensor.Tensor<[number, 2]> }
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, short, { epochs: 1, batch: 8, key }))[1]).toBe(
        'fit: expected data.y to have as many rows as data.x (64), found 10'
      )
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 1, batch: 8, key, earlyStopping: { patience: 2 } }))[1]).toBe(
        'fit: expected option earlyStopping.metric to be one of trainLoss (no validation data given), found validLoss'
      )
      expect(message(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 1, batch: 8, key, earlyStopping: { patience: 0 } }))[1]).toBe(
        'fit: expected option earlyStopping.patience to be a positive integer, found 0'
      )
    })
  })
})

describe('fit with a network that keeps state', () => {
  const snet = Layer.serial(Layer.input(2), runningMean(2), Layer.dense(2))
  type SP = ReturnType<typeof snet.init>
  const stx = Optim.sgd<SP>(0.1)
  const rows = (r: ReadonlyArray<readonly [number, number]>) => Tensor.tensor(r.map((v) => [...v])) as Tensor.Tensor<[number, 2]>
  const sx = rows([[1, 2], [3, 4], [5, 0], [7, 0], [0, 8], [0, 8]])
  const sy = rows([[1, 0], [0, 1], [1, 0], [1, 0], [0, 1], [0, 1]])
  // One batch of all six rows per epoch: its mean is [16/6, 22/6] whatever the shuffle; m = 0.5 from 0.
  const mu = [16 / 6, 22 / 6]
  it('should start from Layer.initialState(net) and carry state′ = m·state + (1 − m)·batch mean through every step', () => {
    const fitted = right(_.fit(snet, Loss.softmaxCrossEntropy, stx, { x: sx, y: sy }, { epochs: 2, batch: 6, key: Random.key(3) }))
    const mean = Tensor.toArray(fitted.state.state?.[0].mean ?? expect.fail('no state'))
    mean.forEach((m, i) => expect(m).toBeCloseTo(0.75 * mu[i]!, 5))
    expect(fitted.state.step).toBe(2)
  })
  it('should validate in eval mode on the carried state (the test layer throws without it)', () => {
    const fitted = right(
      _.fit(snet, Loss.softmaxCrossEntropy, stx, { x: sx, y: sy }, { epochs: 3, batch: 2, key: Random.key(4), validation: { x: sx, y: sy } })
    )
    const last = fitted.history[fitted.history.length - 1]
    const m = _.evaluate(snet, Loss.softmaxCrossEntropy, 2)(fitted.state.params, fitted.state.state)([{ x: sx, y: sy }])
    expect(last?.metrics['validLoss']).toBeCloseTo(m.loss, 6)
    // The same parameters with the initial (zero) running mean give another loss: the state was used.
    const fresh = _.evaluate(snet, Loss.softmaxCrossEntropy, 2)(fitted.state.params, Layer.initialState(snet))([{ x: sx, y: sy }])
    expect(Math.abs(fresh.loss - m.loss)).toBeGreaterThan(1e-6)
  })
  it('should hand back the best epoch\'s state with restoreBest, running statistics included', () => {
    const seen: Array<{ readonly params: SP; readonly state: unknown }> = []
    const fitted = right(
      _.fit(snet, Loss.softmaxCrossEntropy, Optim.sgd<SP>(2), { x: sx, y: sy }, {
        epochs: 12,
        batch: 2,
        key: Random.key(5),
        validation: { x: sx, y: sy },
        earlyStopping: { patience: 3, restoreBest: true },
        observer: { epoch: (e) => seen.push({ params: e.state.params, state: e.state.state }) }
      })
    )
    const best = seen[(fitted.bestEpoch ?? expect.fail('no best epoch')) - 1]
    expect(fitted.state.state).toBe(best?.state)
    expect(fitted.state.params).toBe(best?.params)
  })
  it('should leave a network without state as it was: no state in the result', () => {
    const fitted = right(_.fit(net, Loss.softmaxCrossEntropy, tx, data, { epochs: 1, batch: 16, key: Random.key(0) }))
    expect('state' in fitted.state).toBe(false)
  })
})

// Memory reuse (src/tensor/pool.ts): with 64 inputs, 128 hidden units and batches of 64, the weights,
// activations and gradients are large enough to be pooled.
describe('fit reusing memory', () => {
  const wide = blobs(3, 256)
  const x64 = Tensor.generate([256, 64] as [number, 64], (i) => wide.x.data[Math.floor(i / 64) * 4 + (i % 4)]! * (1 + (i % 7) / 7))
  const big = Layer.serial(Layer.input(64), Layer.dense(128), Layer.relu(), Layer.dense(2))
  type Q = ReturnType<typeof big.init>
  const sgd = Optim.sgd<Q>(0.05)
  const wideData = { x: x64, y: wide.y }
  const qbits = (p: Q) => Optim.leaves(p).map(([path, t]) => [path, Array.from(new Uint32Array(Float32Array.from(t.data).buffer))])
  it('should give bit for bit the state of the plain step fold, and leave the data it was given intact', () => {
    const key = Random.key(9)
    const before = Array.from(x64.data)
    const fitted = right(_.fit(big, Loss.softmaxCrossEntropy, sgd, wideData, { epochs: 3, batch: 64, key }))
    expect(Array.from(x64.data)).toEqual(before)
    const [kInit, kData, kTrain] = Random.splitN(key, 3)
    const epochOf = right(E.flatMap((d: _.Dataset<typeof wideData>) => _.epochs(64)(d))(_.dataset(wideData)))
    const step = _.trainStep(big, Loss.softmaxCrossEntropy, sgd)
    let state = _.initState(big.init(kInit!), sgd, kTrain!)
    for (let epoch = 1; epoch <= 3; epoch++) for (const b of epochOf(kData!, epoch)) state = step(state, b)
    expect(qbits(fitted.state.params)).toEqual(qbits(state.params))
  })
  it('should leave every state it handed out intact: to the batch and epoch observers, and the best kept', () => {
    const seen: Array<readonly [_.TrainState<Q, Optim.SgdState>, ReturnType<typeof qbits>]> = []
    const observer = {
      batch: (e: _.BatchEvent<Q, Optim.SgdState>) => seen.push([e.state, qbits(e.state.params)]),
      epoch: (e: _.EpochEvent<Q, Optim.SgdState>) => seen.push([e.state, qbits(e.state.params)])
    }
    const fitted = right(_.fit(big, Loss.softmaxCrossEntropy, sgd, wideData, { epochs: 3, batch: 64, key: Random.key(9), observer }))
    expect(seen.length).toBe(3 * 4 + 3)
    // Train more afterwards, so any array wrongly given back would be written again.
    right(_.fit(big, Loss.softmaxCrossEntropy, sgd, wideData, { epochs: 2, batch: 64, key: Random.key(10) }))
    for (const [state, was] of seen) expect(qbits(state.params)).toEqual(was)
    expect(qbits(fitted.state.params)).toEqual(seen[seen.length - 1]![1])
  })
  it('should tell a progress observer every step, as the batch observer hears it but without the state', () => {
    const heard: Array<_.BatchProgress> = []
    const told: Array<Omit<_.BatchEvent<Q, Optim.SgdState>, 'state'>> = []
    const observer = { progress: (e: _.BatchProgress) => heard.push(e), batch: ({ state: _s, ...rest }: _.BatchEvent<Q, Optim.SgdState>) => told.push(rest) }
    const withBoth = right(_.fit(big, Loss.softmaxCrossEntropy, sgd, wideData, { epochs: 2, batch: 64, key: Random.key(9), observer }))
    expect(heard).toEqual(told)
    expect(heard.map((e) => [e.epoch, e.step, e.steps, e.rows, e.samples])).toEqual([1, 2].flatMap((epoch) => [1, 2, 3, 4].map((step) => [epoch, step, 4, 64, 64 * step])))
    expect(heard.every((e) => !('state' in e))).toBe(true)
    const onlyProgress = right(_.fit(big, Loss.softmaxCrossEntropy, sgd, wideData, { epochs: 2, batch: 64, key: Random.key(9), observer: { progress: () => undefined } }))
    expect(qbits(onlyProgress.state.params)).toEqual(qbits(withBoth.state.params))
  })
  it('should leave the epoch-end states intact without a batch observer (validation, epoch observer, best epoch)', () => {
    const ends: Array<readonly [_.TrainState<Q, Optim.SgdState>, ReturnType<typeof qbits>]> = []
    const fitted = right(
      _.fit(big, Loss.softmaxCrossEntropy, sgd, wideData, {
        epochs: 4,
        batch: 64,
        key: Random.key(11),
        validation: wideData,
        earlyStopping: { patience: 10, restoreBest: true },
        observer: { epoch: (e) => ends.push([e.state, qbits(e.state.params)]) }
      })
    )
    right(_.fit(big, Loss.softmaxCrossEntropy, sgd, wideData, { epochs: 2, batch: 64, key: Random.key(12) }))
    for (const [state, was] of ends) expect(qbits(state.params)).toEqual(was)
    expect(ends.map(([, b]) => b)).toContainEqual(qbits(fitted.state.params))
  })
})
