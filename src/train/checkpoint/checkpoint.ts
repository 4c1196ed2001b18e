/**
 * Checkpoints of a training state in the safetensors format. Tensors are named by their path
 * in the state: parameters as `params[0].w` (the names `Tree.leaves` gives), optimizer state as
 * `opt[0].mu[0].w`, and the network's non-trained state, when it has one, as `state[1].mean`
 * (batch normalisation's running statistics). Numbers in the optimizer state (Adam's `count`) go into the metadata as
 * strings, with the network description (`network`), the step (`step`), the key and the last
 * loss. JavaScript's `String(x)` is the shortest text that reads back as exactly `x`, so numbers
 * round-trip bit for bit.
 *
 * Loading is checked against a template state of the expected network (e.g. `initState` of
 * freshly initialised parameters): a missing or extra tensor, a wrong shape or dtype, missing
 * metadata, or a checkpoint of another network is a `Left` that names what is wrong. Writing the
 * bytes to disk atomically is a script's job (scripts/lib/checkpoint-file.ts).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as R from '../../random/index.js'
import * as T from '../../tensor/index.js'
import * as Tr from '../../tree/index.js'
import type { TrainState } from '../state.js'
import type { CheckpointError } from './safetensors.js'
import { decodeSafeTensors, encodeSafeTensors, fail, failAll } from './safetensors.js'

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The bytes of a checkpoint of `state`, for the network described by `network`. `extra` adds
 * string metadata (`saveModel` records the architecture there); it cannot replace the fields
 * written here.
 *
 * @example
 * import { Random, Tensor, Train } from 'kanzen'
 * const s = { params: { w: Tensor.ones([2]) }, opt: { count: 3 }, key: Random.key(0), step: 3, loss: 0.5 }
 * const bytes = Train.saveCheckpoint('tiny', s)
 * assert.deepStrictEqual(Train.loadCheckpoint('tiny', s)(bytes), { _tag: 'Right', right: s })
 *
 * @category operations
 * @since 0.1.0
 */
export const saveCheckpoint = <P, S, St>(
  network: string,
  state: TrainState<P, S, St>,
  extra: Readonly<Record<string, string>> = {}
): Uint8Array => {
  const all = [...Tr.entries(state.params, 'params'), ...Tr.entries(state.opt, 'opt'), ...Tr.entries(state.state, 'state')]
  const tensors = all.flatMap(([path, leaf]) => (Tr.isTensor(leaf) ? [[path, leaf] as const] : []))
  const numbers = Object.fromEntries(all.flatMap(([path, leaf]) => (Tr.isTensor(leaf) ? [] : [[path, String(leaf)]])))
  const metadata = {
    ...extra,
    format: 'kanzen-checkpoint-1',
    network,
    step: String(state.step),
    loss: String(state.loss),
    key: `${state.key.hi}:${state.key.lo}`,
    ...numbers
  }
  return encodeSafeTensors({ tensors, metadata })
}

/**
 * The training state in checkpoint bytes, checked against `template` (a state of the expected
 * network) and the network description. The network's state (`template.state`) is checked
 * like the parameters: every tensor present with its shape, none extra.
 *
 * @example
 * import { Random, Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const s = { params: { w: Tensor.ones([2]) }, opt: {}, key: Random.key(0), step: 1, loss: 0.5 }
 * const other = { ...s, params: { w: Tensor.ones([3]) } }
 * const r = Train.loadCheckpoint('tiny', other)(Train.saveCheckpoint('tiny', s))
 * assert.ok(E.isLeft(r) && r.left.message === 'tensor params.w: expected shape [3] float32, found [2] float32')
 *
 * @category operations
 * @since 0.1.0
 */
export const loadCheckpoint =
  <P, S, St>(network: string, template: TrainState<P, S, St>) =>
  (bytes: Uint8Array): E.Either<CheckpointError, TrainState<P, S, St>> =>
    E.flatMap(decodeSafeTensors(bytes), ({ tensors, metadata, integers = [] }) => {
      if (metadata.network !== network)
        return fail(`checkpoint is of network ${JSON.stringify(metadata.network)}, expected ${JSON.stringify(network)}`)
      const found = new Map(tensors)
      const errors: Array<string> = []
      const used = new Set<string>()
      const params = rebuild(template.params, 'params', { found, used, metadata, errors })
      const opt = rebuild(template.opt, 'opt', { found, used, metadata, errors })
      const state = template.state === undefined ? undefined : rebuild(template.state, 'state', { found, used, metadata, errors })
      for (const name of found.keys())
        if (!used.has(name)) errors.push(`tensor ${name}: not in this network (extra tensor)`)
      for (const [name] of integers) errors.push(`tensor ${name}: an int64 tensor, not in this network (extra tensor)`)
      const step = readNumber(metadata, 'step', errors)
      const loss = readNumber(metadata, 'loss', errors)
      const key = readKey(metadata.key, errors)
      if (errors.length > 0) return failAll(errors)
      return E.right(state === undefined ? { params, opt, key, step, loss } : { params, opt, key, step, loss, state })
    })

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

interface Found {
  readonly found: ReadonlyMap<string, T.AnyTensor>
  readonly used: Set<string>
  readonly metadata: Readonly<Record<string, string>>
  readonly errors: Array<string>
}

// The template's structure, leaf for leaf: tensors and numbers read back by path, each checked.
const rebuild = <A>(template: A, root: string, f: Found): A =>
  Tr.mapLeaves((leaf, path) => (Tr.isTensor(leaf) ? restoreTensor(leaf, path, f) : readNumber(f.metadata, path, f.errors)), root)(template)

const restoreTensor = (template: T.AnyTensor, path: string, f: Found): T.AnyTensor => {
  const x = f.found.get(path)
  if (x === undefined) return (f.errors.push(`tensor ${path}: missing from the checkpoint`), template)
  f.used.add(path)
  if (!T.sameShape(x.shape, template.shape) || x.dtype !== template.dtype) {
    f.errors.push(
      `tensor ${path}: expected shape ${T.showShape(template.shape)} ${template.dtype}, found ${T.showShape(x.shape)} ${x.dtype}`
    )
  }
  return x
}

const readNumber = (metadata: Readonly<Record<string, string>>, name: string, errors: Array<string>): number => {
  const text = metadata[name]
  const n = text === undefined || text.trim() === '' ? Number.NaN : Number(text)
  if (Number.isNaN(n) && text !== 'NaN')
    errors.push(`metadata ${name}: expected a number, found ${JSON.stringify(text)}`)
  return n
}

const readKey = (text: string | undefined, errors: Array<string>): R.Key => {
  const m = /^(\d+):(\d+)$/.exec(text ?? '')
  const hi = Number(m?.[1])
  const lo = Number(m?.[2])
  if (m === null || hi >= 2 ** 32 || lo >= 2 ** 32)
    errors.push(`metadata key: expected two 32-bit words as "hi:lo", found ${JSON.stringify(text)}`)
  return { _tag: 'Key', hi, lo }
}
