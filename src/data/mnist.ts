/**
 * MNIST on top of the IDX codec: an images file (uint8, [n, 28, 28]) and a labels file (uint8,
 * [n], digits 0..9) become `{ images: Tensor<[number, 784]>, labels: Int32Array }`, with pixel
 * values scaled to [0, 1] by x / 255. Each image is one row of 784 = 28 × 28 pixels in row-major
 * order (pixel (r, c) is column 28·r + c); `Tensor.reshape` gives the [n, 28, 28] view.
 *
 * Labels are an `Int32Array`, the same type `Tensor.argmax` returns, so accuracy is a direct
 * comparison, and `Tensor.oneHot(labels, 10)` gives the training targets.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as T from '../tensor/index.js'
import { dataError, prefixErrors } from './data-error.js'
import type { DataErrors } from './data-error.js'
import { decodeIdxView } from './idx.js'
import type { Idx, IdxOptions } from './idx.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A decoded MNIST split: `count` images of 784 pixels in [0, 1] (float32) and their digits.
 *
 * @category model
 * @since 0.1.0
 */
export interface Mnist {
  readonly count: number
  readonly images: T.Tensor<[number, 784]>
  readonly labels: Int32Array
}

/** Pixels per image (28 × 28). @category model @since 0.1.0 */
export const mnistPixels = 784

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Decode an images file and a labels file (each raw or gzipped IDX bytes). A `Left` names the
 * file and part (`images/dims/1`, `labels/body`, `labels/values/17`, `count`).
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const images = Data.encodeIdx({ type: 'uint8', dims: [1, 28, 28], data: new Uint8Array(784).fill(255) })
 * const labels = Data.encodeIdx({ type: 'uint8', dims: [1], data: Uint8Array.of(7) })
 * const m = E.isRight(images) && E.isRight(labels) ? Data.decodeMnist(images.right, labels.right) : E.left([])
 * assert.ok(E.isRight(m) && m.right.count === 1 && m.right.images.data[0] === 1 && m.right.labels[0] === 7)
 *
 * @category operations
 * @since 0.1.0
 */
export const decodeMnist = (
  images: Uint8Array,
  labels: Uint8Array,
  options: IdxOptions = {}
): E.Either<DataErrors, Mnist> =>
  pipe(
    E.Do,
    E.apS('im', pipe(decodeIdxView(images, options), E.chain(checkImages), E.mapLeft(prefixErrors('images/')))),
    E.apS('lb', pipe(decodeIdxView(labels, options), E.chain(checkLabels), E.mapLeft(prefixErrors('labels/')))),
    E.chain(({ im, lb }) =>
      im.dims[0] === lb.dims[0]
        ? toMnist(im.data, lb.data)
        : E.left(dataError('count', `as many labels as images (${im.dims[0]})`, `${lb.dims[0]} labels`))
    )
  )

/**
 * How many labels of each digit 0..9.
 *
 * @example
 * import { Data } from 'kanzen'
 * assert.deepStrictEqual(Data.labelCounts(Int32Array.of(1, 1, 9)), [0, 2, 0, 0, 0, 0, 0, 0, 0, 1])
 *
 * @category utils
 * @since 0.1.0
 */
export const labelCounts = (labels: ArrayLike<number>): Array<number> => {
  const counts = new Array<number>(10).fill(0)
  for (let i = 0; i < labels.length; i++) {
    const l = T.at(labels, i)
    counts[l] = (counts[l] ?? NaN) + 1
  }
  return counts
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// An IDX file of uint8 elements, its data narrowed to the bytes they are.
interface Bytes extends Idx {
  readonly data: Uint8Array
}

const checkImages = (x: Idx): E.Either<DataErrors, Bytes> => {
  if (x.type !== 'uint8' || !(x.data instanceof Uint8Array)) return E.left(dataError('header/type', 'uint8 pixels (08)', x.type))
  if (x.dims.length !== 3) return E.left(dataError('header/rank', '3 dimensions [n, 28, 28]', `${x.dims.length}`))
  if (x.dims[1] !== 28) return E.left(dataError('dims/1', '28 rows', `${x.dims[1]}`))
  if (x.dims[2] !== 28) return E.left(dataError('dims/2', '28 columns', `${x.dims[2]}`))
  return E.right({ ...x, data: x.data })
}

// Reports the first 20 labels outside 0..9 by position: enough to see the pattern of a bad file.
const checkLabels = (x: Idx): E.Either<DataErrors, Bytes> => {
  if (x.type !== 'uint8' || !(x.data instanceof Uint8Array)) return E.left(dataError('header/type', 'uint8 labels (08)', x.type))
  if (x.dims.length !== 1) return E.left(dataError('header/rank', '1 dimension [n]', `${x.dims.length}`))
  const bad: Array<{ path: string; expected: string; found: string }> = []
  for (let i = 0; i < x.data.length && bad.length < 20; i++) {
    if (T.at(x.data, i) > 9) bad.push({ path: `values/${i}`, expected: 'a digit 0..9', found: `${x.data[i]}` })
  }
  return bad.length === 0 ? E.right({ ...x, data: x.data }) : E.left(bad)
}

// The pixels through a table of the 256 values k / 255 (`fromByteCodes`): the tensor holds the
// floats, and keeps the bytes too, so that a shuffled batch can be gathered from a quarter of the
// memory (src/tensor/byte-codes.ts). The values are those of v / 255 stored as float32.
const pixelValues = Array.from({ length: 256 }, (_, k) => k / 255)

const toMnist = (pixels: Uint8Array, digits: Uint8Array): E.Either<DataErrors, Mnist> => {
  const count = digits.length
  const images = T.fromByteCodes([count, mnistPixels], pixels, pixelValues, 'float32')
  return E.right({ count, images, labels: Int32Array.from(digits) })
}
