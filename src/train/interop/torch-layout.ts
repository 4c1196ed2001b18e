/**
 * PyTorch's layout of a network's weights: the `state_dict` of the `torch.nn.Sequential` with the
 * same stages, in a safetensors file. `nn.Sequential` numbers every stage, activations included,
 * so the third stage's weights are `2.weight` whether or not the second has any. `nn.Linear`
 * keeps its weight as [out, in] (it computes y = x·Wᵀ + b) where kanzen's dense keeps [in, out]:
 *
 *   kanzen params[i].w : [in, out]   ↔   torch i.weight = wᵀ : [out, in]
 *   kanzen params[i].b : [out]       ↔   torch i.bias        : [out]
 *
 * `nn.Conv2d` keeps its weight as kanzen's conv2d does, [out, in, kh, kw] (NCHW both), so a
 * convolution's tensors are copied as they are; pooling, reshape (`nn.Unflatten`) and the
 * activations have no parameters but still take their number.
 *
 *   kanzen params[i].w : [F, C, KH, KW]   ↔   torch i.weight : [F, C, KH, KW]
 *   kanzen params[i].b : [F]              ↔   torch i.bias   : [F]
 *
 * `nn.BatchNorm1d` (after a dense layer) and `nn.BatchNorm2d` (after a convolution) keep γ, β and the
 * running statistics (the network's state), PyTorch's running variance being the unbiased one, as
 * kanzen's; `num_batches_tracked` is an int64 scalar that kanzen does not keep: export writes 0, and
 * import checks it is there and an int64 scalar, then drops it (PyTorch reads it only with momentum = None).
 *
 *   kanzen params[i].gamma, .beta          ↔   torch i.weight, i.bias        : [F]
 *   kanzen state[i].mean, .variance        ↔   torch i.running_mean, i.running_var : [F]
 *                                              torch i.num_batches_tracked   : [] int64
 *
 * A transpose moves every number without arithmetic, so kanzen → torch → kanzen gives back the
 * same bytes. The module to load the file into is written by `torchSequential`.
 *
 * Reference: PyTorch, `torch.nn.Linear`, `torch.nn.Conv2d` and `torch.nn.Module.state_dict`, https://pytorch.org/docs/stable/nn.html
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as L from '../../layers/index.js'
import * as T from '../../tensor/index.js'
import type { Int64Tensor } from '../checkpoint/safetensors.js'
import { decodeSafeTensors, encodeSafeTensors } from '../checkpoint/safetensors.js'
import type { InteropError } from './interop-error.js'
import { interopFail } from './interop-error.js'
import { batchNormParamsOf, paramsOf, runningStatisticsOf, stateAt, statesOf, weightsOf } from './network-of.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The safetensors bytes of a network's parameters under PyTorch's `state_dict` names and layouts.
 *
 * @example
 * import { Layer, Random, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2))
 * const st = E.flatMap((b: Uint8Array) => E.mapLeft((e: Train.CheckpointError) => ({ _tag: 'InteropError' as const, message: e.message }))(Train.decodeSafeTensors(b)))(Train.exportTorch(net, net.init(Random.key(0))))
 * assert.deepStrictEqual(E.map((s: Train.SafeTensors) => s.tensors.map(([n, t]) => `${n} ${t.shape.join('×')}`))(st), E.right(['0.weight 3×4', '0.bias 3', '2.weight 2×3', '2.bias 2']))
 *
 * @category operations
 * @since 0.2.0
 */
export const exportTorch = <I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType, St>(
  net: L.Layer<I, O, P, Tp, D, St>,
  params: P,
  state?: St
): E.Either<InteropError, Uint8Array> =>
  E.flatMap(stagesOf(net), (stages) => {
    const leaves = L.leavesOf(net, params)
    const tensors: Array<readonly [string, T.AnyTensor]> = []
    const integers: Array<readonly [string, Int64Tensor]> = []
    for (const [i, s] of stages.entries()) {
      if (s.spec.kind === 'batchNorm') {
        const p = batchNormParamsOf(leaves[i]?.params)
        const st = runningStatisticsOf(stateAt(state, s.path))
        if (p === undefined) return interopFail(`params${s.path}: batchNorm parameters { gamma, beta } are missing`)
        if (st === undefined)
          return interopFail(`state${s.path}: batchNorm's running statistics { mean, variance } are missing: pass the network's state (TrainState.state) to exportTorch`)
        tensors.push([`${i}.weight`, p.gamma], [`${i}.bias`, p.beta], [`${i}.running_mean`, st.mean], [`${i}.running_var`, st.variance])
        integers.push([`${i}.num_batches_tracked`, { dtype: 'int64', shape: [], values: [0n] }])
        continue
      }
      if (s.spec.kind === 'conv2d') {
        const p = weightsOf(leaves[i]?.params)
        if (p === undefined) return interopFail(`params${s.path}: conv2d parameters { w, b } are missing`)
        tensors.push([`${i}.weight`, p.w], [`${i}.bias`, p.b])
        continue
      }
      if (s.spec.kind !== 'dense') continue
      const p = weightsOf(leaves[i]?.params)
      if (p === undefined || !T.isMatrix(p.w)) return interopFail(`params${s.path}: dense parameters { w, b } are missing`)
      tensors.push([`${i}.weight`, T.transpose(p.w)], [`${i}.bias`, p.b])
    }
    // "format": "pt" is what the safetensors library writes for PyTorch tensors.
    return E.right(encodeSafeTensors({ tensors, integers, metadata: { format: 'pt' } }))
  })

/**
 * The parameters of `net` from a safetensors file in PyTorch's layout (as `exportTorch` writes it,
 * or `safetensors.torch.save_file(model.state_dict(), …)`): every name, shape and dtype is checked,
 * and a missing, extra or mismatched tensor is a `Left` naming it.
 *
 * @example
 * import { Layer, Random, Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.serial(Layer.input(2), Layer.dense(1))
 * const bytes = Train.encodeSafeTensors({ tensors: [['0.weight', Tensor.tensor([[1, 2]])], ['0.bias', Tensor.tensor([0.5])]], metadata: {} })
 * const params = Train.importTorch(net, bytes)
 * assert.ok(E.isRight(params) && Tensor.toArray(params.right[0].w).join() === '1,2') // w: [2, 1], the transpose of [1, 2]
 * assert.deepStrictEqual(Train.importTorch(net, Train.encodeSafeTensors({ tensors: [], metadata: {} })), E.left({ _tag: 'InteropError', message: 'tensor 0.weight: missing (expected [1, 2] float32); tensor 0.bias: missing (expected [1] float32)' }))
 *
 * @category operations
 * @since 0.2.0
 */
export const importTorch = <I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType, St>(
  net: L.Layer<I, O, P, Tp, D, St>,
  bytes: Uint8Array
): E.Either<InteropError, P> => E.map((m: TorchModel<P, St>) => m.params)(importTorchModel(net, bytes))

/**
 * `importTorch` with the network's state as well: batch normalisation's running statistics
 * (`running_mean`, `running_var`), for a network that keeps them (`state` is `undefined` otherwise).
 *
 * @example
 * import { Layer, Random, Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.serial(Layer.input(2), Layer.batchNorm())
 * const state = [{ mean: Tensor.tensor([1, 2]), variance: Tensor.tensor([3, 4]) }] as const
 * const back = E.flatMap((b: Uint8Array) => Train.importTorchModel(net, b))(Train.exportTorch(net, net.init(Random.key(0)), state))
 * assert.ok(E.isRight(back) && Tensor.toArray(back.right.state![0].variance).join() === '3,4')
 *
 * @category operations
 * @since 0.2.0
 */
export const importTorchModel = <I extends T.Shape, O extends T.Shape, P, Tp, D extends T.DType, St>(
  net: L.Layer<I, O, P, Tp, D, St>,
  bytes: Uint8Array
): E.Either<InteropError, TorchModel<P, St>> =>
  E.flatMap(stagesOf(net), (stages) => {
    const file = decodeSafeTensors(bytes)
    if (E.isLeft(file)) return interopFail(`not a safetensors file of float32/float64/int64 tensors: ${file.left.message}`)
    const found = new Map(file.right.tensors)
    const integers = new Map(file.right.integers ?? [])
    const errors: Array<string> = []
    const byPath = new Map<string, unknown>()
    const stateByPath = new Map<string, unknown>()
    for (const [i, s] of stages.entries()) {
      if (s.spec.kind === 'batchNorm') {
        const F = s.spec.features
        const [gamma, beta, mean, variance] = ['weight', 'bias', 'running_mean', 'running_var'].map((n) => expect(found, `${i}.${n}`, [F], net.dtype, errors))
        const count = integers.get(`${i}.num_batches_tracked`)
        if (count === undefined) errors.push(`tensor ${i}.num_batches_tracked: missing (expected [] int64)`)
        else if (count.shape.length !== 0) errors.push(`tensor ${i}.num_batches_tracked: expected [] int64, found ${T.showShape(count.shape)} int64`)
        if (gamma !== undefined && beta !== undefined) byPath.set(s.path, { gamma, beta })
        if (mean !== undefined && variance !== undefined) stateByPath.set(s.path, { mean, variance })
        continue
      }
      if (s.spec.kind === 'conv2d') {
        const { filters, inChannels, kernel } = s.spec
        const w = expect(found, `${i}.weight`, [filters, inChannels, kernel[0], kernel[1]], net.dtype, errors)
        const b = expect(found, `${i}.bias`, [filters], net.dtype, errors)
        if (w !== undefined && b !== undefined) byPath.set(s.path, { w, b })
        continue
      }
      if (s.spec.kind !== 'dense') continue
      const { inputs, units } = s.spec
      const w = expect(found, `${i}.weight`, [units, inputs], net.dtype, errors)
      const b = expect(found, `${i}.bias`, [units], net.dtype, errors)
      if (w !== undefined && b !== undefined && T.isMatrix(w)) byPath.set(s.path, { w: T.transpose(w), b })
    }
    for (const name of found.keys()) if (!isExpected(name, stages)) errors.push(`tensor ${name}: not in this network's state_dict (${torchSequentialOf(stages)})`)
    for (const [name, x] of integers) {
      const m = /^(\d+)\.num_batches_tracked$/.exec(name)
      if (m === null || stages[Number(m[1])]?.spec.kind !== 'batchNorm')
        errors.push(`tensor ${name}: ${T.showShape(x.shape)} int64, not in this network's state_dict (${torchSequentialOf(stages)})`)
    }
    if (errors.length > 0) return interopFail(errors.join('; '))
    const model = {
      params: paramsOf(net, (_leaf, path) => byPath.get(path) ?? {}),
      state: statesOf(net, (path) => stateByPath.get(path))
    }
    // paramsOf nests the leaves as the network's init does; each dense, conv2d and batchNorm leaf got
    // tensors of its own shapes above, and the state nests as the network's initState does.
    // cast: (see the two lines above) the model has P's and St's structure and leaf shapes.
    return E.right(model as TorchModel<P, St>)
  })



/**
 * The Python expression of the `torch.nn.Sequential` a network's PyTorch-layout file loads into.
 *
 * @example
 * import { Layer, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const net = Layer.serial(Layer.input(784), Layer.dense(100), Layer.relu(), Layer.dense(10))
 * assert.deepStrictEqual(Train.torchSequential(net), E.right('nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10))'))
 *
 * @category operations
 * @since 0.2.0
 */
export const torchSequential = (net: L.AnyLayer): E.Either<InteropError, string> => E.map(torchSequentialOf)(stagesOf(net))

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** What `importTorchModel` reads: the parameters and the state (running statistics, when the network keeps any). @category model @since 0.2.0 */
export interface TorchModel<P, St> {
  readonly params: P
  readonly state: St | undefined
}

interface Described {
  readonly spec: L.StageSpec
  readonly path: string
  /** The shape of one example into the stage: batch norm is nn.BatchNorm1d on [F], nn.BatchNorm2d on [C, H, W]. */
  readonly inputRow: T.Shape
}

const stagesOf = (net: L.AnyLayer): E.Either<InteropError, ReadonlyArray<Described>> => {
  const out: Array<Described> = []
  for (const leaf of L.leavesOf(net)) {
    if (leaf.layer.spec === undefined) return interopFail(`layer ${leaf.layer.name} at params${leaf.path} has no stage description (written by hand?): only the library's layers map to PyTorch modules`)
    out.push({ spec: leaf.layer.spec, path: leaf.path, inputRow: leaf.layer.inputRow })
  }
  return E.right(out)
}

// One case per stage kind: the torch.nn module of the same computation.
const torchModule = ({ spec, inputRow }: Described): string => {
  switch (spec.kind) {
    case 'dense':
      return `nn.Linear(${spec.inputs}, ${spec.units})`
    case 'relu':
      return 'nn.ReLU()'
    case 'leakyRelu':
      return `nn.LeakyReLU(${spec.alpha})`
    case 'sigmoid':
      return 'nn.Sigmoid()'
    case 'tanh':
      return 'nn.Tanh()'
    case 'softmax':
      return 'nn.Softmax(dim=-1)'
    case 'identity':
      return 'nn.Identity()'
    case 'dropout':
      return `nn.Dropout(${spec.rate})`
    case 'flatten':
      return 'nn.Flatten()'
    case 'conv2d':
      return `nn.Conv2d(${spec.inChannels}, ${spec.filters}, kernel_size=(${spec.kernel.join(', ')}), stride=(${spec.stride.join(', ')}), padding=(${spec.padding.join(', ')}))`
    case 'maxPool2d':
      return `nn.MaxPool2d(kernel_size=(${spec.size.join(', ')}), stride=(${spec.stride.join(', ')}))`
    case 'avgPool2d':
      return `nn.AvgPool2d(kernel_size=(${spec.size.join(', ')}), stride=(${spec.stride.join(', ')}))`
    case 'reshape':
      return `nn.Unflatten(1, (${spec.row.join(', ')}${spec.row.length === 1 ? ',' : ''}))`
    case 'batchNorm':
      return `nn.BatchNorm${inputRow.length === 3 ? '2d' : '1d'}(${spec.features}, eps=${spec.epsilon}, momentum=${spec.momentum})`
  }
}

const torchSequentialOf = (stages: ReadonlyArray<Described>): string => `nn.Sequential(${stages.map(torchModule).join(', ')})`

const isExpected = (name: string, stages: ReadonlyArray<Described>): boolean => {
  const m = /^(\d+)\.(weight|bias|running_mean|running_var)$/.exec(name)
  const kind = m === null ? undefined : stages[Number(m[1])]?.spec.kind
  return kind === 'batchNorm' || ((kind === 'dense' || kind === 'conv2d') && (m?.[2] === 'weight' || m?.[2] === 'bias'))
}

const expect = (found: ReadonlyMap<string, T.AnyTensor>, name: string, shape: T.Shape, dtype: T.DType, errors: Array<string>): T.AnyTensor | undefined => {
  const x = found.get(name)
  const want = `${T.showShape(shape)} ${dtype}`
  if (x === undefined) return (errors.push(`tensor ${name}: missing (expected ${want})`), undefined)
  if (!T.sameShape(x.shape, shape) || x.dtype !== dtype) return (errors.push(`tensor ${name}: expected ${want}, found ${T.showShape(x.shape)} ${x.dtype}`), undefined)
  return x
}
