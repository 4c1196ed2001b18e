/**
 * Self-describing checkpoints: `saveModel` writes what `saveCheckpoint` writes plus, in the
 * metadata field `architecture`, the network's stage descriptions as JSON —
 *
 *   {"format":"kanzen-architecture-1","inputRow":[784],"dtype":"float32",
 *    "stages":[{"kind":"dense","inputs":784,"units":512},{"kind":"relu"},…]}
 *
 * — so that `loadModel(bytes)` rebuilds network and parameters with no template. A network with
 * a stage the library did not build (no description) is saved as before, without the field, and
 * needs a template to load (`loadCheckpoint`). The optimizer state is saved but not rebuilt
 * here: its type depends on the optimizer, which the file does not name.
 *
 * The description comes from outside, so it is decoded with io-ts and its sizes are bounded
 * (`architectureBounds`, all in this one place) before anything is allocated: the JSON text
 * before it is parsed, then the number of stages, the input rank and width, and the parameter
 * count the stages imply, before the network is built and its template initialised.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as R from '../../random/index.js'
import * as T from '../../tensor/index.js'
import * as Tr from '../../tree/index.js'
import * as L from '../../layers/index.js'
import type { TrainState } from '../state.js'
import type { CheckpointError } from './safetensors.js'
import { decodeSafeTensors, fail } from './safetensors.js'
import { saveCheckpoint } from './checkpoint.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The bounds a recorded architecture must keep, checked before allocating: characters of JSON,
 * stages, input rank, elements per input row, units per layer, and parameters in all.
 *
 * @category model
 * @since 0.2.0
 */
export const architectureBounds = {
  maxJsonChars: 1 << 20,
  maxStages: 1024,
  maxRank: 8,
  maxRowSize: 1 << 24,
  maxUnits: 1 << 20,
  maxParams: 500_000_000
} as const

/** A network and its parameters, loaded from a self-describing checkpoint. @category model @since 0.2.0 */
export interface LoadedModel {
  readonly net: L.RebuiltNetwork
  readonly params: ReadonlyArray<unknown>
  /** The network's state (batch normalisation's running statistics), `undefined` when it keeps none. */
  readonly state: ReadonlyArray<unknown> | undefined
  readonly architecture: L.Architecture
  /** The `network` name the checkpoint was saved under, its step and last loss. */
  readonly network: string
  readonly step: number
  readonly loss: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The architecture of a network, or a `Left` naming the first stage without a description.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Layer, Train } from 'kanzen'
 * const a = Train.architectureOf(Layer.serial(Layer.input(4), Layer.dense(2), Layer.relu()))
 * assert.deepStrictEqual(a, E.right({ inputRow: [4], dtype: 'float32', stages: [{ kind: 'dense', inputs: 4, units: 2 }, { kind: 'relu' }] }))
 *
 * @category operations
 * @since 0.2.0
 */
export const architectureOf = (net: L.AnyLayer): E.Either<string, L.Architecture> => {
  const s = L.specsOf(net)
  return 'specs' in s
    ? E.right({ inputRow: [...net.inputRow], dtype: net.dtype, stages: s.specs })
    : E.left(`stage ${s.missing.path} (${s.missing.name}) has no description: it was not built by a library constructor`)
}

/**
 * `saveCheckpoint` that also records the network's architecture when every stage has a
 * description (and saves exactly as `saveCheckpoint` does otherwise). `network` defaults to the
 * network's name.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Layer, Optim, Random, Tensor, Train } from 'kanzen'
 * const net = Layer.serial(Layer.input(3), Layer.dense(4), Layer.tanh(), Layer.dense(2))
 * const tx = Optim.sgd<ReturnType<typeof net.init>>(0.1)
 * const state = Train.initState(net.init(Random.key(0)), tx, Random.key(1))
 * const loaded = Train.loadModel(Train.saveModel(net, state))
 * assert.ok(E.isRight(loaded) && loaded.right.net.name === net.name)
 * const x = Tensor.ones([1, 3]) as Tensor.Tensor<[number, 3]>
 * assert.ok(E.isRight(loaded) && Tensor.allClose(Layer.predict(loaded.right.net, loaded.right.params, x), Layer.predict(net, state.params, x)))
 *
 * @category operations
 * @since 0.2.0
 */
export const saveModel = <P, S, St>(net: L.AnyLayer, state: TrainState<P, S, St>, network: string = net.name): Uint8Array => {
  const a = architectureOf(net)
  return saveCheckpoint(network, state, E.isRight(a) ? { architecture: JSON.stringify({ format, ...a.right }) } : {})
}

/**
 * The network and parameters in the bytes of a self-describing checkpoint, rebuilt without a
 * template. A `Left` names what is wrong: no `architecture` field (saved from a network with a
 * hand-written stage: load it with `loadCheckpoint` and a template), a description that does not
 * decode or is out of bounds, or a tensor missing, misshapen or extra.
 *
 * @category operations
 * @since 0.2.0
 */
export const loadModel = (bytes: Uint8Array): E.Either<CheckpointError, LoadedModel> =>
  E.flatMap(decodeSafeTensors(bytes), ({ tensors, metadata, integers = [] }) => {
    const text = metadata['architecture']
    if (text === undefined)
      return fail(
        'metadata architecture: missing (the network had a stage without a description); load it with loadCheckpoint and a template network'
      )
    const arch = decodeArchitecture(text)
    if (E.isLeft(arch)) return fail(`metadata architecture: ${arch.left}`)
    const net = L.rebuild(arch.right)
    if (E.isLeft(net)) return fail(`metadata architecture: ${net.left}`)
    const found = new Map(tensors.filter(([name]) => name.startsWith('params') || name.startsWith('state')))
    const errors: Array<string> = []
    // Parameters (and the running statistics) take the structure of a fresh init (bounded above)
    // and the values of the file.
    const restore = (root: string) =>
      Tr.map((x, path) => {
        const saved = found.get(path)
        found.delete(path)
        if (saved === undefined) return (errors.push(`tensor ${path}: missing from the checkpoint${root === 'state' ? ' (the network keeps running statistics)' : ''}`), x)
        if (!T.sameShape(saved.shape, x.shape) || saved.dtype !== x.dtype) {
          errors.push(`tensor ${path}: expected shape ${T.showShape(x.shape)} ${x.dtype}, found ${T.showShape(saved.shape)} ${saved.dtype}`)
          return x
        }
        // cast: same shape and dtype as the leaf it replaces, checked just above.
        return saved as typeof x
      }, root)
    const params = restore('params')(net.right.init(templateKey))
    const initial = L.initialState(net.right)
    const state = initial === undefined ? undefined : restore('state')(initial)
    for (const name of found.keys()) errors.push(`tensor ${name}: not in this network (extra tensor)`)
    for (const [name] of integers) errors.push(`tensor ${name}: an int64 tensor, not in this network (extra tensor)`)
    const step = Number(metadata['step'])
    const loss = Number(metadata['loss'])
    if (errors.length > 0) return fail(errors.join('\n'))
    return E.right({ net: net.right, params, state, architecture: arch.right, network: metadata['network'] ?? '', step, loss })
  })

/**
 * Decode an architecture's JSON text, checking `architectureBounds` before the network exists.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Train } from 'kanzen'
 * const huge = JSON.stringify({ format: 'kanzen-architecture-1', inputRow: [1000000], dtype: 'float32', stages: [{ kind: 'dense', inputs: 1000000, units: 1000000 }] })
 * assert.deepStrictEqual(Train.decodeArchitecture(huge), E.left('stages imply 1000001000000 parameters, more than the bound of 500000000'))
 *
 * @category operations
 * @since 0.2.0
 */
export const decodeArchitecture = (text: string): E.Either<string, L.Architecture> => {
  const b = architectureBounds
  if (text.length > b.maxJsonChars) return E.left(`expected at most ${b.maxJsonChars} characters of JSON, found ${text.length}`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return E.left(`not JSON (${e instanceof Error ? e.message : String(e)})`)
  }
  const r = ArchitectureCodec.decode(json)
  if (E.isLeft(r)) return E.left(r.left.map(report).join('; '))
  const a = r.right
  if (a.stages.length > b.maxStages) return E.left(`expected at most ${b.maxStages} stages, found ${a.stages.length}`)
  const stages: Array<L.StageSpec> = []
  for (const [i, raw] of a.stages.entries()) {
    const st = decodeStage(raw, i)
    if (E.isLeft(st)) return st
    stages.push(st.right)
  }
  if (a.inputRow.length > b.maxRank) return E.left(`inputRow: expected at most ${b.maxRank} dimensions, found ${a.inputRow.length}`)
  const rowSize = a.inputRow.reduce((n, d) => n * d, 1)
  if (rowSize > b.maxRowSize) return E.left(`inputRow: expected at most ${b.maxRowSize} elements per row, found ${rowSize}`)
  const params = stages.reduce((n, s) => n + stageParams(s), 0)
  if (params > b.maxParams) return E.left(`stages imply ${params} parameters, more than the bound of ${b.maxParams}`)
  return E.right({ inputRow: a.inputRow, dtype: a.dtype, stages })
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const format = 'kanzen-architecture-1'

// The parameters a stage description implies: dense in·out + out, conv F·C·KH·KW + F, batch norm 2·F.
const stageParams = (s: L.StageSpec): number =>
  s.kind === 'dense'
    ? s.inputs * s.units + s.units
    : s.kind === 'conv2d'
      ? s.filters * s.inChannels * s.kernel[0] * s.kernel[1] + s.filters
      : s.kind === 'batchNorm'
        ? 2 * s.features
        : 0
const templateKey = /*#__PURE__*/ R.key(0)

const Size = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n > 0 && n <= architectureBounds.maxUnits,
  `an integer in 1..${architectureBounds.maxUnits}`
)
const Count = t.refinement(
  t.number,
  (n) => Number.isInteger(n) && n >= 0 && n <= architectureBounds.maxUnits,
  `an integer in 0..${architectureBounds.maxUnits}`
)
const Pair = <C extends t.Mixed>(c: C) => t.readonly(t.tuple([c, c]))
const Finite = t.refinement(t.number, Number.isFinite, 'a finite number')
const Rate = t.refinement(t.number, (r) => r >= 0 && r < 1, 'a rate in [0, 1)')
const Momentum = t.refinement(t.number, (r) => r >= 0 && r <= 1, 'a momentum in [0, 1]')
const Positive = t.refinement(t.number, (r) => r > 0 && Number.isFinite(r), 'a positive number')
const bare = <K extends L.StageKindName>(kind: K) => t.strict({ kind: t.literal(kind) })
// One codec per kind, keyed by it: a description is decoded by the codec its `kind` names, so an
// error says `stages.3.units`, not which branch of a union failed.
const stageCodecs: { readonly [K in L.StageKindName]: t.Decoder<unknown, Extract<L.StageSpec, { readonly kind: K }>> } = {
  dense: t.strict({ kind: t.literal('dense'), inputs: Size, units: Size }),
  relu: bare('relu'),
  leakyRelu: t.strict({ kind: t.literal('leakyRelu'), alpha: Finite }),
  sigmoid: bare('sigmoid'),
  tanh: bare('tanh'),
  softmax: bare('softmax'),
  identity: bare('identity'),
  dropout: t.strict({ kind: t.literal('dropout'), rate: Rate }),
  flatten: bare('flatten'),
  conv2d: t.strict({ kind: t.literal('conv2d'), inChannels: Size, filters: Size, kernel: Pair(Size), stride: Pair(Size), padding: Pair(Count) }),
  maxPool2d: t.strict({ kind: t.literal('maxPool2d'), size: Pair(Size), stride: Pair(Size) }),
  avgPool2d: t.strict({ kind: t.literal('avgPool2d'), size: Pair(Size), stride: Pair(Size) }),
  reshape: t.strict({ kind: t.literal('reshape'), row: t.array(Size) }),
  batchNorm: t.strict({ kind: t.literal('batchNorm'), features: Size, momentum: Momentum, epsilon: Positive })
}
const isKind = (k: unknown): k is L.StageKindName => typeof k === 'string' && Object.hasOwn(stageCodecs, k)
const ArchitectureCodec = t.strict({
  format: t.literal(format),
  inputRow: t.array(Size),
  dtype: t.keyof({ float32: null, float64: null }),
  stages: t.array(t.UnknownRecord)
})

const decodeStage = (s: Readonly<Record<string, unknown>>, i: number): E.Either<string, L.StageSpec> => {
  if (!isKind(s['kind']))
    return E.left(`stages.${i}.kind: expected one of ${Object.keys(stageCodecs).join(', ')}, found ${JSON.stringify(s['kind'])}`)
  const r: t.Validation<L.StageSpec> = stageCodecs[s['kind']].decode(s)
  return E.isLeft(r) ? E.left(r.left.map((e) => `stages.${i}.${report(e)}`).join('; ')) : E.right(r.right)
}

// One io-ts error as `path: expected Type, found value`.
const report = (err: t.ValidationError): string => {
  const path = err.context
    .map((c) => c.key)
    .filter((k) => k !== '')
    .join('.')
  const expected = err.context[err.context.length - 1]?.type.name ?? 'a value'
  return `${path === '' ? 'value' : path}: expected ${expected}, found ${JSON.stringify(err.value)}`
}
