/**
 * The safetensors format (huggingface/safetensors), encoded and decoded as pure functions of
 * bytes:
 *
 *   bytes 0..7       N, the header length, an unsigned 64-bit little-endian integer
 *   bytes 8..8+N     a JSON object: for each tensor name { dtype: "F32" | "F64" | "I64", shape: [...],
 *                    data_offsets: [begin, end] }, plus "__metadata__": { string: string };
 *                    padded with spaces so that 8 + N is a multiple of 8
 *   bytes 8+N..      the tensors' raw little-endian data; offsets count from the first byte
 *                    after the header, and the tensors are packed with no gaps or overlaps
 *
 * kanzen's tensors are float32 or float64; 64-bit integers (I64, what PyTorch's BatchNorm saves as
 * `num_batches_tracked`) are read and written as a separate list of `Int64Tensor`s, their values
 * `bigint`s, so that no integer above 2⁵³ is rounded on the way.
 *
 * Decoding trusts nothing: the header is validated with io-ts, and every length and offset is
 * checked against the bytes that are really there, so a damaged or hostile file is a `Left`
 * naming the tensor, never an exception or a huge allocation.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import * as T from '../../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Named tensors in file order, and string metadata. @category model @since 0.1.0 */
export interface SafeTensors {
  readonly tensors: ReadonlyArray<readonly [string, T.AnyTensor]>
  readonly metadata: Readonly<Record<string, string>>
  /** 64-bit integer tensors (I64), written after `tensors`; decoding always gives the list (often empty). */
  readonly integers?: ReadonlyArray<readonly [string, Int64Tensor]>
}

/** A 64-bit integer tensor of a safetensors file: its shape and its values in row-major order. @category model @since 0.2.0 */
export interface Int64Tensor {
  readonly dtype: 'int64'
  readonly shape: ReadonlyArray<number>
  readonly values: ReadonlyArray<bigint>
}

/** Why bytes are not a valid checkpoint (one line per problem). @category model @since 0.1.0 */
export interface CheckpointError {
  readonly _tag: 'CheckpointError'
  readonly message: string
}

/** The largest header accepted: 100 MB (10⁸ bytes). @category model @since 0.1.0 */
export const maxHeaderBytes = 100_000_000

/** How many problems a `CheckpointError` lists before "… and N more". @category model @since 0.1.0 */
export const maxProblems = 4

const NonNegativeInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'NonNegativeInteger')
const TensorInfo = t.strict({
  dtype: t.keyof({ F32: null, F64: null, I64: null }),
  shape: t.array(NonNegativeInt),
  data_offsets: t.tuple([NonNegativeInt, NonNegativeInt])
})
type TensorInfo = t.TypeOf<typeof TensorInfo>
const Metadata = t.record(t.string, t.string)
const Header = t.UnknownRecord

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The bytes of a safetensors file holding these tensors (packed in the order given).
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * const bytes = Train.encodeSafeTensors({ tensors: [['w', Tensor.tensor([1, -2])]], metadata: {} })
 * assert.strictEqual(bytes.length % 8, 0)
 *
 * @category operations
 * @since 0.1.0
 */
export const encodeSafeTensors = (st: SafeTensors): Uint8Array => {
  const integers = st.integers ?? []
  for (const [name, x] of integers) {
    if (x.values.length !== T.sizeOf(x.shape)) throw new RangeError(`encodeSafeTensors: tensor ${nameOf(name)}: expected ${T.sizeOf(x.shape)} values for shape ${T.showShape(x.shape)}, found ${x.values.length}`)
    const bad = x.values.find((v) => v < minInt64 || v > maxInt64)
    if (bad !== undefined) throw new RangeError(`encodeSafeTensors: tensor ${nameOf(name)}: ${bad} does not fit in a 64-bit signed integer (I64)`)
  }
  let offset = 0
  const info = (dtype: string, shape: ReadonlyArray<number>, bytes: number) => {
    const end = offset + bytes
    const entry = { dtype, shape: [...shape], data_offsets: [offset, end] }
    offset = end
    return entry
  }
  const floats = st.tensors.map(([name, x]) => [name, info(x.dtype === 'float64' ? 'F64' : 'F32', x.shape, x.size * width(x.dtype))] as const)
  const ints = integers.map(([name, x]) => [name, info('I64', x.shape, 8 * x.values.length)] as const)
  const json = JSON.stringify(Object.fromEntries([['__metadata__', st.metadata], ...floats, ...ints]))
  const raw = new TextEncoder().encode(json)
  const n = Math.ceil(raw.length / 8) * 8
  const out = new Uint8Array(8 + n + offset).fill(0x20, 8, 8 + n)
  const view = new DataView(out.buffer)
  view.setUint32(0, n, true)
  out.set(raw, 8)
  st.tensors.forEach(([, x], i) => writeData(view, 8 + n + (floats[i]?.[1].data_offsets[0] ?? 0), x))
  integers.forEach(([, x], i) => {
    const at = 8 + n + (ints[i]?.[1].data_offsets[0] ?? 0)
    x.values.forEach((v, j) => view.setBigInt64(at + 8 * j, v, true))
  })
  return out
}

/**
 * Named tensors and metadata from the bytes of a safetensors file, every length and offset
 * checked.
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const bytes = Train.encodeSafeTensors({ tensors: [['w', Tensor.tensor([1, -2])]], metadata: { step: '3' } })
 * const st = Train.decodeSafeTensors(bytes)
 * assert.deepStrictEqual(E.map((s: Train.SafeTensors) => s.metadata)(st), E.right({ step: '3' }))
 * assert.ok(E.isLeft(Train.decodeSafeTensors(bytes.subarray(0, 20))))
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeSafeTensors = (bytes: Uint8Array): E.Either<CheckpointError, SafeTensors> => {
  if (bytes.length < 8) return fail(`truncated: expected at least 8 bytes for the header length, found ${bytes.length}`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32
  if (n > maxHeaderBytes) return fail(`header length ${n} bytes is more than the ${maxHeaderBytes}-byte (100 MB) limit`)
  if (8 + n > bytes.length)
    return fail(`truncated: the header claims ${n} bytes, but only ${bytes.length - 8} follow the length`)
  return E.flatMap(parseHeader(bytes.subarray(8, 8 + n)), ({ infos, metadata }) =>
    E.flatMap(checkLayout(infos, bytes.length - 8 - n), () => readTensors(view, 8 + n, infos, metadata))
  )
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** A `CheckpointError` as a `Left`. @category utils @since 0.1.0 */
export const fail = <A = never>(message: string): E.Either<CheckpointError, A> =>
  E.left({ _tag: 'CheckpointError', message })

/**
 * Several problems as one `CheckpointError`: one line each, the first `maxProblems` of them, and
 * then `… and N more` — so a header with 200 bad fields gives 5 lines, not 200.
 *
 * @example
 * import { Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const r = Train.failAll(Array.from({ length: 7 }, (_, i) => `tensor t${i}: missing`))
 * assert.ok(E.isLeft(r) && r.left.message.split('\n').length === 5)
 * assert.ok(E.isLeft(r) && r.left.message.endsWith('… and 3 more'))
 *
 * @category utils
 * @since 0.1.0
 */
export const failAll = <A = never>(problems: ReadonlyArray<string>): E.Either<CheckpointError, A> =>
  fail(
    [
      ...problems.slice(0, maxProblems),
      ...(problems.length > maxProblems ? [`… and ${problems.length - maxProblems} more`] : [])
    ].join('\n')
  )

/**
 * Outside text (a tensor name, a metadata value) as it appears in a message: JSON-quoted, so
 * newlines and control characters show as escapes, and cut to `max` characters with `…`.
 *
 * @example
 * import { Train } from 'kanzen'
 * assert.strictEqual(Train.quoteText('a\nb'), '"a\\nb"')
 * assert.strictEqual(Train.quoteText('x'.repeat(100), 3), '"xxx…"')
 *
 * @category utils
 * @since 0.1.0
 */
export const quoteText = (text: string, max = 60): string =>
  text.length > max ? `${JSON.stringify(text.slice(0, max)).slice(0, -1)}…"` : JSON.stringify(text)

// A tensor name as written in messages: plain when it is a short path (params[0].w), else quoted.
const nameOf = (name: string): string => (/^[\w.[\]:/-]{1,80}$/.test(name) ? name : quoteText(name))

// A JSON value in a message, described without walking it: a deeply nested value must not
// overflow the stack (JSON.stringify would), and a long one must not fill the screen.
const showValue = (u: unknown): string =>
  typeof u === 'string'
    ? quoteText(u, 40)
    : typeof u === 'number' || typeof u === 'boolean' || u === null
      ? String(u)
      : u === undefined
        ? 'nothing'
        : Array.isArray(u)
          ? `an array of ${u.length}`
          : 'an object'

const width = (dtype: T.DType): number => (dtype === 'float64' ? 8 : 4)

const minInt64 = -(2n ** 63n)
const maxInt64 = 2n ** 63n - 1n

const writeData = (view: DataView, at: number, x: T.AnyTensor): void => {
  const d = x.data
  if (x.dtype === 'float64') d.forEach((v, i) => view.setFloat64(at + 8 * i, v, true))
  else d.forEach((v, i) => view.setFloat32(at + 4 * i, v, true))
}

const parseHeader = (raw: Uint8Array) => {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw))
  } catch (e) {
    return fail<never>(`header is not valid UTF-8 JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  const header = Header.decode(json)
  if (E.isLeft(header) || Array.isArray(json)) return fail<never>('header is not a JSON object')
  const infos: Array<readonly [string, TensorInfo]> = []
  const errors: Array<string> = []
  let metadata: Readonly<Record<string, string>> = {}
  for (const [name, value] of Object.entries(header.right)) {
    if (name === '__metadata__') {
      const r = Metadata.decode(value)
      if (E.isLeft(r)) errors.push(...r.left.map((err) => `metadata: ${report(err)}`))
      else metadata = r.right
    } else {
      const r = TensorInfo.decode(value)
      if (E.isLeft(r)) errors.push(...r.left.map((err) => `tensor ${nameOf(name)}: ${report(err)}`))
      else infos.push([name, r.right])
    }
  }
  return errors.length > 0 ? failAll<never>(errors) : E.right({ infos, metadata })
}

// One io-ts error as `path: expected Type, found value`.
const report = (err: t.ValidationError): string => {
  const path = err.context
    .map((c) => c.key)
    .filter((k) => k !== '')
    .join('.')
  const expected = err.context[err.context.length - 1]?.type.name ?? 'a value'
  return `${path === '' ? 'value' : path.length > 60 ? `${path.slice(0, 60)}…` : path}: expected ${expected}, found ${showValue(err.value)}`
}

// Offsets must match each tensor's size and tile the data exactly: no overlap, no gap, nothing past the end.
const checkLayout = (
  infos: ReadonlyArray<readonly [string, TensorInfo]>,
  dataBytes: number
): E.Either<CheckpointError, void> => {
  const sorted = [...infos].sort(
    (a, b) => a[1].data_offsets[0] - b[1].data_offsets[0] || a[1].data_offsets[1] - b[1].data_offsets[1]
  )
  let expected = 0
  let previous = ''
  for (const [
    name,
    {
      dtype,
      shape,
      data_offsets: [begin, end]
    }
  ] of sorted) {
    const need = T.sizeOf(shape) * (dtype === 'F32' ? 4 : 8)
    const at = `tensor ${nameOf(name)}: data_offsets [${begin}, ${end}]`
    if (end < begin || end - begin !== need)
      return fail(`${at} hold ${end - begin} bytes, but shape ${T.showShape(shape)} ${dtype} needs ${need}`)
    if (end > dataBytes) return fail(`${at} are out of range: the data has ${dataBytes} bytes (truncated file?)`)
    if (begin < expected) return fail(`${at} overlap tensor ${nameOf(previous)}, which ends at ${expected}`)
    if (begin > expected)
      return fail(
        `${at} leave a gap of ${begin - expected} bytes after ${previous === '' ? 'the header' : `tensor ${nameOf(previous)}`} (data must be contiguous)`
      )
    expected = end
    previous = name
  }
  return expected === dataBytes
    ? E.right(undefined)
    : fail(`${dataBytes - expected} bytes after the last tensor belong to no tensor`)
}

// The tensors, each value checked finite: a NaN or an infinity in a checkpoint is damage (training
// never saves one: the non-finite guard stops it first), so it is refused here, naming the tensor.
const readTensors = (
  view: DataView,
  start: number,
  infos: ReadonlyArray<readonly [string, TensorInfo]>,
  metadata: Readonly<Record<string, string>>
): E.Either<CheckpointError, SafeTensors> => {
  const tensors: Array<readonly [string, T.AnyTensor]> = []
  const integers: Array<readonly [string, Int64Tensor]> = []
  const errors: Array<string> = []
  for (const [
    name,
    {
      dtype,
      shape,
      data_offsets: [begin]
    }
  ] of infos) {
    const at = start + begin
    if (dtype === 'I64') {
      integers.push([name, { dtype: 'int64', shape, values: Array.from({ length: T.sizeOf(shape) }, (_, i) => view.getBigInt64(at + 8 * i, true)) }])
      continue
    }
    const x: T.AnyTensor =
      dtype === 'F64'
        ? T.generate(shape, (i) => view.getFloat64(at + 8 * i, true), 'float64')
        : T.generate(shape, (i) => view.getFloat32(at + 4 * i, true), 'float32')
    const bad = nonFinite(x.data)
    if (bad.count > 0)
      errors.push(
        `tensor ${nameOf(name)}: ${bad.count} of ${x.size} values are not finite (the first, at index ${bad.first}, is ${bad.value}); the checkpoint is damaged`
      )
    tensors.push([name, x])
  }
  return errors.length > 0 ? failAll(errors) : E.right({ metadata, tensors, integers })
}

const nonFinite = (d: ArrayLike<number>): { readonly count: number; readonly first: number; readonly value: number } => {
  let count = 0
  let first = -1
  let value = 0
  Array.prototype.forEach.call(d, (v: number, i: number) => {
    if (!Number.isFinite(v)) {
      if (count === 0) (first = i), (value = v)
      count++
    }
  })
  return { count, first, value }
}
