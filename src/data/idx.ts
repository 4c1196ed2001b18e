/**
 * The IDX file format of MNIST (LeCun et al.), decoded from bytes and encoded back:
 *
 *   offset 0   0x00 0x00        two zero bytes (the "magic" prefix)
 *   offset 2   type             0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64
 *   offset 3   rank r           number of dimensions
 *   offset 4   d₀ … d_{r−1}     big-endian unsigned 32-bit sizes
 *   then       d₀·…·d_{r−1}     elements, big-endian for multi-byte types, and nothing after
 *
 * A file that starts with the gzip magic 1f 8b is inflated first by the `inflate` option (this
 * module imports nothing from `node:`, so the package entry stays browser-safe: `kanzen/node`
 * passes `node:zlib`'s gunzip; in a browser, inflate with `DecompressionStream('gzip')` before
 * decoding). Exceptions from `inflate` are caught here, at the boundary, and become a `Left`. A
 * header whose size product exceeds `maxElements` is refused before anything is allocated, and so
 * is an inflated size above the matching byte count, so a hostile header or a gzip bomb cannot
 * exhaust memory.
 *
 * Reference: Y. LeCun, C. Cortes, C. Burges, "The MNIST database of handwritten digits", file formats.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as T from '../tensor/index.js'
import { dataError } from './data-error.js'
import type { DataErrors } from './data-error.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The element types of IDX, by name. @category model @since 0.1.0 */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64'

/** The typed array that holds each element type. @category model @since 0.1.0 */
export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array

/**
 * A decoded IDX file: element type, sizes, and the elements in row-major order (a fresh array
 * owned by the caller; it never aliases the input bytes).
 *
 * @category model
 * @since 0.1.0
 */
export interface Idx {
  readonly type: IdxType
  readonly dims: ReadonlyArray<number>
  readonly data: IdxArray
}

/**
 * Inflate gzip bytes, producing at most `maxOutputLength` bytes (and throwing past that, as
 * `zlib.gunzipSync` with `maxOutputLength` does). `kanzen/node` exports one: `gunzip`.
 *
 * @category model
 * @since 0.2.0
 */
export type Inflate = (bytes: Uint8Array, maxOutputLength: number) => Uint8Array

/**
 * Decoder options. `maxElements` (default 100,000,000) bounds the size product a header may claim;
 * `inflate` reads gzipped bytes (without it, gzipped input is a `Left` that says so).
 *
 * @category model
 * @since 0.1.0
 */
export interface IdxOptions {
  readonly maxElements?: number
  readonly inflate?: Inflate
}

// Type byte → [name, bytes per element, typed-array constructor, DataView getter/setter suffix].
const types = {
  8: ['uint8', 1, Uint8Array, 'Uint8'],
  9: ['int8', 1, Int8Array, 'Int8'],
  11: ['int16', 2, Int16Array, 'Int16'],
  12: ['int32', 4, Int32Array, 'Int32'],
  13: ['float32', 4, Float32Array, 'Float32'],
  14: ['float64', 8, Float64Array, 'Float64']
} as const
type TypeCode = keyof typeof types
const isTypeCode = (b: number): b is TypeCode => b in types
// The inverse of the table's names (spec/data/idx.spec.ts's encode/decode round trip checks that they agree).
const codes: { readonly [K in IdxType]: TypeCode } = { uint8: 8, int8: 9, int16: 11, int32: 12, float32: 13, float64: 14 }
const codeOf = (t: IdxType): TypeCode => codes[t]

/** Default bound on the number of elements a header may claim. @category model @since 0.1.0 */
export const defaultMaxElements = 100_000_000

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Decode IDX bytes, raw or gzipped. A `Left` names the part that failed — `gzip`, `header/magic`,
 * `header/type`, `header/rank`, `dims/i` or `body` — with what was expected and found.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const bytes = Uint8Array.from([0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9])
 * assert.deepStrictEqual(E.map((x: Data.Idx) => [x.type, x.dims, Array.from(x.data)])(Data.decodeIdx(bytes)), E.right(['uint8', [2], [7, 9]]))
 * const bad = Data.decodeIdx(Uint8Array.from([1, 0, 8, 0]))
 * assert.ok(E.isLeft(bad) && bad.left[0]?.path === 'header/magic')
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeIdx = (bytes: Uint8Array, options: IdxOptions = {}): E.Either<DataErrors, Idx> =>
  decode(bytes, options, false)

/**
 * `decodeIdx` for a caller that converts the elements at once and drops them (MNIST): uint8
 * data may be a view into the (inflated) input instead of a copy, which saves touching tens of
 * megabytes of fresh memory. Not re-exported from the package.
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeIdxView = (bytes: Uint8Array, options: IdxOptions = {}): E.Either<DataErrors, Idx> =>
  decode(bytes, options, true)

/**
 * Encode to raw (uncompressed) IDX bytes; `decodeIdx(encodeIdx(x))` gives `x` back. The data length
 * must equal the product of `dims` (a `Left` otherwise).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const bytes = Data.encodeIdx({ type: 'int16', dims: [1], data: Int16Array.of(-2) })
 * assert.deepStrictEqual(E.map((b: Uint8Array) => Array.from(b))(bytes), E.right([0, 0, 0x0b, 1, 0, 0, 0, 1, 0xff, 0xfe]))
 *
 * @category operations
 * @since 0.1.0
 */
export const encodeIdx = (idx: Idx): E.Either<DataErrors, Uint8Array> => {
  const n = idx.dims.reduce((a, d) => a * d, 1)
  if (idx.dims.length > 255) return E.left(dataError('header/rank', 'at most 255 dimensions', `${idx.dims.length}`))
  const bad = idx.dims.findIndex((d) => !(Number.isInteger(d) && d >= 0 && d <= 0xffffffff))
  if (bad >= 0) return E.left(dataError(`dims/${bad}`, 'an integer in 0..2³²−1', `${idx.dims[bad]}`))
  if (idx.data.length !== n) return E.left(dataError('body', `${n} elements`, `${idx.data.length} elements`))
  const code = codeOf(idx.type)
  const [, width, , accessor] = types[code]
  const offset = 4 + 4 * idx.dims.length
  const out = new Uint8Array(offset + n * width)
  const view = new DataView(out.buffer)
  out[2] = code
  out[3] = idx.dims.length
  idx.dims.forEach((d, i) => view.setUint32(4 + 4 * i, d))
  // One loop per element through DataView's big-endian setter (setX(offset, value), default big-endian).
  const set = view[`set${accessor}`].bind(view)
  let i = 0
  for (const v of idx.data) set(offset + i++ * width, v)
  return E.right(out)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ')

const inflateWith = (
  inflate: Inflate | undefined,
  bytes: Uint8Array,
  maxElements: number
): E.Either<DataErrors, Uint8Array> =>
  inflate === undefined
    ? E.left(dataError('gzip', 'raw IDX bytes, or an inflate option (kanzen/node: gunzip)', 'gzipped bytes (1f 8b)'))
    : E.tryCatch(
        // The largest legal file: a 255-dimension header and maxElements float64 elements.
        () => inflate(bytes, Math.min(4 + 4 * 255 + 8 * maxElements, 2 ** 31 - 1)),
        (e) =>
          dataError('gzip', 'a complete gzip stream', e instanceof Error ? JSON.stringify(e.message) : 'an unreadable stream')
      )

const decode = (bytes: Uint8Array, options: IdxOptions, view: boolean): E.Either<DataErrors, Idx> => {
  const maxElements = options.maxElements ?? defaultMaxElements
  return E.chain((raw: Uint8Array) => decodeRaw(raw, maxElements, view))(
    isGzip(bytes) ? inflateWith(options.inflate, bytes, maxElements) : E.right(bytes)
  )
}

const decodeRaw = (b: Uint8Array, maxElements: number, asView: boolean): E.Either<DataErrors, Idx> => {
  if (b.length < 4) return E.left(dataError('header', 'a 4-byte header', `${b.length} bytes`))
  if (b[0] !== 0 || b[1] !== 0) return E.left(dataError('header/magic', 'two zero bytes 00 00', hex(b.subarray(0, 2))))
  const code = T.at(b, 2)
  if (!isTypeCode(code))
    return E.left(dataError('header/type', 'an element type 08, 09, 0b, 0c, 0d or 0e', hex(b.subarray(2, 3))))
  const rank = T.at(b, 3)
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const dims: Array<number> = []
  let n = 1
  for (let i = 0; i < rank; i++) {
    if (b.length < 8 + 4 * i)
      return E.left(dataError(`dims/${i}`, 'a 4-byte big-endian size', `end of data after ${b.length} bytes`))
    const d = view.getUint32(4 + 4 * i)
    n *= d
    // Checked before anything is allocated: a header cannot make us reserve more than the limit.
    if (n > maxElements)
      return E.left(dataError(`dims/${i}`, `sizes whose product is at most ${maxElements}`, `${d} (product ${n})`))
    dims.push(d)
  }
  const [name, width, Ctor, accessor] = types[code]
  const offset = 4 + 4 * rank
  const expected = offset + n * width
  if (b.length !== expected) {
    const what = b.length < expected ? 'truncated' : 'trailing bytes'
    return E.left(dataError('body', `${n * width} bytes (${n} × ${name})`, `${b.length - offset} bytes (${what})`))
  }
  if (asView && code === 8) return E.right({ type: name, dims, data: b.subarray(offset) })
  const data = new Ctor(n)
  if (width === 1) data.set(code === 8 ? b.subarray(offset) : new Int8Array(b.buffer, b.byteOffset + offset, n))
  else {
    const get = view[`get${accessor}`].bind(view)
    for (let i = 0; i < n; i++) data[i] = get(offset + i * width)
  }
  // Float elements must be finite: a NaN or an infinity in a data file is damage, not a datum.
  if (code === 13 || code === 14) {
    let bad = 0
    let first = -1
    data.forEach((v, i) => (Number.isFinite(v) ? 0 : (bad++, first < 0 ? (first = i) : 0)))
    if (bad > 0) return E.left(dataError(`values/${first}`, 'finite numbers', `${data[first]}${bad > 1 ? ` (and ${bad - 1} more non-finite values)` : ''}`))
  }
  return E.right({ type: name, dims, data })
}
