/**
 * Tensors of at most 256 distinct values, kept also as one byte per element.
 *
 * MNIST's pixels are bytes: each image element is `table[code]` with table[k] = k / 255. Stored
 * as float32 the training images take 188 MB, and a shuffled mini-batch of 100 images is 100 reads
 * at random places of that array: on one thread, gathering them cost a 784-100-10 training step
 * about 45 of its 330 µs, waiting on memory. The same rows as bytes are a quarter of the memory
 * to fetch. So a tensor made by `fromByteCodes` keeps its codes and table beside its values, and
 * `gatherRows` hands them to the kernel, which may rebuild the rows from the codes instead of
 * copying the floats. The tensor itself is an ordinary float tensor: its `data` holds the values,
 * every other operation reads them, and the kernel's rows are the same bytes either way
 * (x[i] = table[codes[i]] by construction).
 *
 * The codes live in a WeakMap keyed by the tensor's array, so they go when the tensor goes. Both
 * the codes and the table are copies: nobody outside this module can write them. A coded array is
 * always a fresh one, never taken from the allocator's pool (src/tensor/pool.ts): an array that a
 * training loop gives back is reused for other values, and codes still keyed by it would be wrong
 * (`allocateFresh`).
 *
 * @since 0.4.0
 */
import { mismatch } from './check.js'
import { showShape, sizeOf } from './shape.js'
import type { Dims, Shape } from './shape.js'
import { allocateFresh, unsafeMake } from './tensor.js'
import type { ArrayOf, DType, ReadonlyData, Tensor } from './tensor.js'
import type { ByteCodes } from './kernels/kernels.js'

const codesByData = new WeakMap<ReadonlyData, ByteCodes>()

/**
 * The tensor of `shape` whose element i is `table[codes[i]]`. Besides its values it keeps the
 * codes (one byte per element), which the native backend reads when gathering shuffled rows: a
 * quarter of the bytes to fetch from memory. An element of `codes` outside the table, a table of
 * more than 256 values or a wrong number of codes is a `RangeError` naming it.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const table = Array.from({ length: 256 }, (_, k) => k / 255)
 * const x = Tensor.fromByteCodes([2, 2], Uint8Array.of(0, 255, 51, 102), table)
 * assert.deepStrictEqual(Array.from(x.data), [0, 1, 0.2, 0.4].map(Math.fround))
 * assert.throws(() => Tensor.fromByteCodes([1, 2], Uint8Array.of(0, 2), [0, 1]), /fromByteCodes: expected codes below 2 \(the table's length\), found 2 at position 1/)
 *
 * @category constructors
 * @since 0.4.0
 */
export const fromByteCodes = <const S extends Shape, D extends DType = 'float32'>(
  shape: S,
  codes: Uint8Array,
  table: ArrayLike<number>,
  dtype?: D
): Tensor<Dims<S>, D> => {
  const n = sizeOf(shape)
  if (codes.length !== n) mismatch('fromByteCodes', `${n} codes for shape ${showShape(shape)}`, `${codes.length} codes`)
  if (table.length < 1 || table.length > 256) mismatch('fromByteCodes', 'a table of 1 to 256 values', `${table.length} values`)
  // cast: a missing dtype means the default, float32 (as in every constructor).
  const d = dtype ?? ('float32' as D)
  const values = allocateFresh(d, table.length)
  for (let k = 0; k < table.length; k++) values[k] = table[k]!
  const own = codes.slice()
  // Every byte is a code of a 256-value table; a shorter one is checked first, so the copy's loop has no test.
  if (values.length < 256)
    for (let i = 0; i < n; i++) if (own[i]! >= values.length) mismatch('fromByteCodes', `codes below ${values.length} (the table's length)`, `${own[i]} at position ${i}`)
  const data = allocateFresh(d, n)
  for (let i = 0; i < n; i++) data[i] = values[own[i]!]!
  codesByData.set(data, { codes: own, table: values })
  // cast: Dims<S> only drops readonly from S.
  return unsafeMake(shape as Dims<S>, d, data)
}

/**
 * The codes behind a tensor's array, when it was made from codes (or cut from such a tensor).
 * @internal
 */
export const codesOf = (data: ReadonlyData): ByteCodes | undefined => codesByData.get(data)

/**
 * Elements `from` … `to`−1 of a coded array `source` as a fresh array that keeps their codes (a
 * view: codes are never written); undefined when `source` has none. For `sliceRows`.
 * @internal
 */
export const sliceCoded = <D extends DType>(dtype: D, source: ArrayOf<D>, from: number, to: number): ArrayOf<D> | undefined => {
  const c = codesByData.get(source)
  if (c === undefined) return undefined
  const out = allocateFresh(dtype, to - from)
  out.set(source.subarray(from, to))
  codesByData.set(out, { codes: c.codes.subarray(from, to), table: c.table })
  return out
}
