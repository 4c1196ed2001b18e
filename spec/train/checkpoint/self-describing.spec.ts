import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Layer, Optim, Random, Tensor, Tree } from '../../../src/index.js'
import * as _ from '../../../src/train/index.js'

const net = Layer.serialOf(Layer.input(6), [Layer.dense(5), Layer.leakyRelu(0.1), Layer.dropout(0.25), Layer.dense(4), Layer.tanh(), Layer.dense(3), Layer.softmax()])
const tx = Optim.adam<ReturnType<typeof net.init>>(1e-3)
const state = { ..._.initState(net.init(Random.key(3)), tx, Random.key(4)), step: 7, loss: 0.25 }
const x = Random.normal(Random.key(5), [9, 6] as [number, 6])
const left = <A>(r: E.Either<{ readonly message: string }, A>): string => (E.isLeft(r) ? r.left.message : 'Right')
// Replace the architecture field of a saved model's metadata, keeping everything else.
const withArchitecture = (text: string | undefined): Uint8Array => {
  const st = E.getOrElseW(() => expect.fail('decode'))(_.decodeSafeTensors(_.saveModel(net, state)))
  const { architecture: _a, ...rest } = st.metadata
  return _.encodeSafeTensors({ tensors: st.tensors, metadata: text === undefined ? rest : { ...rest, architecture: text } })
}
const arch = (stages: ReadonlyArray<unknown>, inputRow: ReadonlyArray<number> = [6]) =>
  JSON.stringify({ format: 'kanzen-architecture-1', inputRow, dtype: 'float32', stages })

describe('self-describing checkpoints', () => {
  it('should rebuild the network and its parameters with no template: same layers, same predictions', () => {
    const loaded = E.getOrElseW((e: _.CheckpointError) => expect.fail(e.message))(_.loadModel(_.saveModel(net, state)))
    expect(loaded.net.name).toBe(net.name)
    expect(Layer.specsOf(loaded.net)).toEqual(Layer.specsOf(net))
    expect([loaded.step, loaded.loss, loaded.network]).toEqual([7, 0.25, net.name])
    expect(Optim.leaves(loaded.params).map(([p, t]) => [p, Array.from(t.data)])).toEqual(
      Optim.leaves(state.params).map(([p, t]) => [p, Array.from(t.data)])
    )
    expect(Array.from(Layer.predict(loaded.net, loaded.params, x).data)).toEqual(Array.from(Layer.predict(net, state.params, x).data))
  })
  it('should rebuild a convolutional network with no template, and count its filters against the bound', () => {
    const cnn = Layer.serialOf(Layer.input(36), [Layer.reshape([1, 6, 6]), Layer.conv2d({ filters: 2, kernel: 3, padding: 1 }), Layer.maxPool2d({ size: 2 }), Layer.flatten(), Layer.dense(3)])
    const s = _.initState(cnn.init(Random.key(1)), Optim.adam<ReturnType<typeof cnn.init>>(1e-3), Random.key(2))
    const loaded = E.getOrElseW((e: _.CheckpointError) => expect.fail(e.message))(_.loadModel(_.saveModel(cnn, s)))
    expect(Layer.specsOf(loaded.net)).toEqual(Layer.specsOf(cnn))
    const xs = Random.normal(Random.key(6), [4, 36] as [number, 36])
    expect(Array.from(Layer.predict(loaded.net, loaded.params, xs).data)).toEqual(Array.from(Layer.predict(cnn, s.params, xs).data))
    const huge = JSON.stringify({ format: 'kanzen-architecture-1', inputRow: [1, 8, 8], dtype: 'float32', stages: [{ kind: 'conv2d', inChannels: 1, filters: 1000000, kernel: [30, 30], stride: [1, 1], padding: [0, 0] }] })
    expect(_.decodeArchitecture(huge)).toEqual(E.left('stages imply 901000000 parameters, more than the bound of 500000000'))
  })
  it('should record the architecture as JSON in the metadata, and still load with a template', () => {
    const bytes = _.saveModel(net, state, 'mine')
    const st = E.getOrElseW(() => expect.fail('decode'))(_.decodeSafeTensors(bytes))
    expect(JSON.parse(st.metadata['architecture']!)).toEqual({
      format: 'kanzen-architecture-1',
      inputRow: [6],
      dtype: 'float32',
      stages: [
        { kind: 'dense', inputs: 6, units: 5 },
        { kind: 'leakyRelu', alpha: 0.1 },
        { kind: 'dropout', rate: 0.25 },
        { kind: 'dense', inputs: 5, units: 4 },
        { kind: 'tanh' },
        { kind: 'dense', inputs: 4, units: 3 },
        { kind: 'softmax' }
      ]
    })
    expect(E.isRight(_.loadCheckpoint('mine', state)(bytes))).toBe(true)
  })
  it('should save a network with a hand-written stage as before, and say why it cannot load without a template', () => {
    const mine = { ...Layer.identity().build([6], 'float32'), spec: undefined }
    const custom = Layer.serialOf(Layer.input(6), [mine, Layer.dense(2)])
    const s = _.initState(custom.init(Random.key(0)), Optim.sgd<ReturnType<typeof custom.init>>(0.1), Random.key(0))
    const bytes = _.saveModel(custom, s)
    expect(E.isRight(_.loadCheckpoint(custom.name, s)(bytes))).toBe(true)
    expect(left(_.loadModel(bytes))).toMatch(/^metadata architecture: missing .*load it with loadCheckpoint and a template network$/)
  })
  describe('bad descriptions', () => {
    it('should refuse unknown kinds, bad numbers and stages that do not fit, naming them', () => {
      expect(left(_.loadModel(withArchitecture(arch([{ kind: 'conv9' }]))))).toBe(
        'metadata architecture: stages.0.kind: expected one of dense, relu, leakyRelu, sigmoid, tanh, softmax, identity, dropout, flatten, conv2d, maxPool2d, avgPool2d, reshape, batchNorm, found "conv9"'
      )
      expect(left(_.loadModel(withArchitecture(arch([{ kind: 'dense', inputs: 6, units: -1 }]))))).toMatch(
        /stages\.0\.units: expected an integer in 1\.\.1048576, found -1/
      )
      expect(left(_.loadModel(withArchitecture(arch([{ kind: 'dense', inputs: 7, units: 5 }]))))).toBe(
        'metadata architecture: stage 0: expected {"kind":"dense","inputs":6,"units":5} from the width before it, found {"kind":"dense","inputs":7,"units":5}'
      )
      expect(left(_.loadModel(withArchitecture('{"format"')))).toMatch(/^metadata architecture: not JSON/)
    })
    it('should check the bounds before building anything', () => {
      expect(_.decodeArchitecture('x'.repeat(_.architectureBounds.maxJsonChars + 1))).toEqual(
        E.left(`expected at most ${_.architectureBounds.maxJsonChars} characters of JSON, found ${_.architectureBounds.maxJsonChars + 1}`)
      )
      expect(_.decodeArchitecture(arch(Array.from({ length: 1025 }, () => ({ kind: 'relu' })))) ).toEqual(
        E.left('expected at most 1024 stages, found 1025')
      )
      expect(_.decodeArchitecture(arch([{ kind: 'relu' }], [4096, 4096, 2]))).toEqual(
        E.left('inputRow: expected at most 16777216 elements per row, found 33554432')
      )
      expect(_.decodeArchitecture(arch([{ kind: 'dense', inputs: 1_000_000, units: 1000 }], [1_000_000]))).toEqual(
        E.left('stages imply 1000001000 parameters, more than the bound of 500000000')
      )
    })
    it('should name a tensor of another shape, a missing one and an extra one', () => {
      const other = { ...state, params: Layer.serialOf(Layer.input(6), [Layer.dense(5), Layer.leakyRelu(0.1), Layer.dropout(0.25), Layer.dense(4), Layer.tanh(), Layer.dense(2), Layer.softmax()]).init(Random.key(0)) }
      const st = E.getOrElseW(() => expect.fail('decode'))(_.decodeSafeTensors(_.saveModel(net, other)))
      const bytes = _.encodeSafeTensors({
        tensors: [...st.tensors.filter(([n]) => n !== 'params[0].b'), ['params[9].w', Tensor.zeros([1])]],
        metadata: { ...st.metadata, architecture: JSON.parse(JSON.stringify(arch(JSON.parse(JSON.stringify(Layer.specsOf(net))).specs))) }
      })
      expect(left(_.loadModel(bytes)).split('\n')).toEqual([
        'tensor params[0].b: missing from the checkpoint',
        'tensor params[5].w: expected shape [4, 3] float32, found [4, 2] float32',
        'tensor params[5].b: expected shape [3] float32, found [2] float32',
        'tensor params[9].w: not in this network (extra tensor)'
      ])
    })
  })
})

describe('self-describing checkpoints with batch normalisation (state)', () => {
  const bn = Layer.serial(Layer.input([1, 5, 5]), Layer.conv2d({ filters: 2, kernel: 3 }), Layer.batchNorm(), Layer.relu(), Layer.flatten(), Layer.dense(4), Layer.batchNorm({ momentum: 0.3 }), Layer.dense(2))
  const btx = Optim.sgd<ReturnType<typeof bn.init>>(0.1)
  const params = bn.init(Random.key(1))
  const [, tape] = bn.forward(params, Random.normal(Random.key(2), [6, 1, 5, 5] as [number, 1, 5, 5]), Layer.trainCtx(Random.key(3)))
  const trained = { ..._.initState(params, btx, Random.key(4), bn.nextState!(Layer.initialState(bn)!, tape)), step: 1, loss: 0.5 }
  const probe = Random.normal(Random.key(5), [3, 1, 5, 5] as [number, 1, 5, 5])

  it('should save and restore the running statistics with the parameters: the same eval-mode predictions', () => {
    const loaded = E.getOrElseW((e: _.CheckpointError) => expect.fail(e.message))(_.loadModel(_.saveModel(bn, trained)))
    expect(loaded.architecture.stages.filter((s) => s.kind === 'batchNorm')).toEqual([
      { kind: 'batchNorm', features: 2, momentum: 0.1, epsilon: 1e-5 },
      { kind: 'batchNorm', features: 4, momentum: 0.3, epsilon: 1e-5 }
    ])
    expect(Tree.leaves(loaded.state, 'state').map(([p, t]) => [p, Array.from(t.data)])).toEqual(
      Tree.leaves(trained.state, 'state').map(([p, t]) => [p, Array.from(t.data)])
    )
    const mine = Layer.predict(bn, params, probe, { state: trained.state })
    expect(Array.from(Layer.predict(loaded.net, loaded.params, probe, { state: loaded.state }).data)).toEqual(Array.from(mine.data))
    // a network without batch norm has no state
    expect(E.isRight(_.loadModel(_.saveModel(net, state))) && E.getOrElseW(() => undefined)(_.loadModel(_.saveModel(net, state)))?.state).toBeUndefined()
  })
  it('should say clearly when the state does not fit: missing running statistics, another width, state without batch norm', () => {
    const withoutState = { ...trained, state: undefined }
    expect(left(_.loadModel(_.saveModel(bn, withoutState)))).toBe(
      [
        'tensor state[1].mean: missing from the checkpoint (the network keeps running statistics)',
        'tensor state[1].variance: missing from the checkpoint (the network keeps running statistics)',
        'tensor state[5].mean: missing from the checkpoint (the network keeps running statistics)',
        'tensor state[5].variance: missing from the checkpoint (the network keeps running statistics)'
      ].join('\n')
    )
    const st = E.getOrElseW(() => expect.fail('decode'))(_.decodeSafeTensors(_.saveModel(bn, trained)))
    const wide = _.encodeSafeTensors({ ...st, tensors: st.tensors.map(([n, t]) => (n === 'state[5].variance' ? ([n, Tensor.ones([5])] as const) : ([n, t] as const))) })
    expect(left(_.loadModel(wide))).toBe('tensor state[5].variance: expected shape [4] float32, found [5] float32')
    const plain = E.getOrElseW(() => expect.fail('decode'))(_.decodeSafeTensors(_.saveModel(net, state)))
    const extra = _.encodeSafeTensors({ ...plain, tensors: [...plain.tensors, ['state[0].mean', Tensor.zeros([5])]] })
    expect(left(_.loadModel(extra))).toBe('tensor state[0].mean: not in this network (extra tensor)')
    const ints = _.encodeSafeTensors({ ...plain, integers: [['count', { dtype: 'int64', shape: [], values: [1n] }]] })
    expect(left(_.loadModel(ints))).toBe('tensor count: an int64 tensor, not in this network (extra tensor)')
    expect(left(_.loadCheckpoint(net.name, state)(ints))).toBe('tensor count: an int64 tensor, not in this network (extra tensor)')
  })
  it('should refuse a batchNorm description with a bad momentum, epsilon or width, naming the field', () => {
    const row = [3]
    const bad = (stage: unknown) => E.mapLeft((m: string) => ({ message: m }))(_.decodeArchitecture(arch([stage], row)))
    expect(left(bad({ kind: 'batchNorm', features: 3, momentum: 2, epsilon: 1e-5 }))).toBe('stages.0.momentum: expected a momentum in [0, 1], found 2')
    expect(left(bad({ kind: 'batchNorm', features: 3, momentum: 0.1, epsilon: 0 }))).toBe('stages.0.epsilon: expected a positive number, found 0')
    expect(left(bad({ kind: 'batchNorm', features: 0, momentum: 0.1, epsilon: 1e-5 }))).toMatch(/^stages\.0\.features: expected an integer in 1\.\.\d+, found 0$/)
    const r = Layer.rebuild({ inputRow: row, dtype: 'float32', stages: [{ kind: 'batchNorm', features: 4, momentum: 0.1, epsilon: 1e-5 }] })
    expect(left(E.mapLeft((m: string) => ({ message: m }))(r))).toBe(
      'stage 0: expected {"kind":"batchNorm","features":3,"momentum":0.1,"epsilon":0.00001} from the width before it, found {"kind":"batchNorm","features":4,"momentum":0.1,"epsilon":0.00001}'
    )
  })
  it('should show batch norm in the summary with 2·F parameters', () => {
    const s = Layer.summaryOf(bn)
    expect(s.rows.filter((r) => r.kind === 'batchNorm').map((r) => [r.name, r.outputRow, r.params])).toEqual([
      ['batchNorm(2, 3×3)', [2, 3, 3], 4],
      ['batchNorm(4)', [4], 8]
    ])
  })
})

