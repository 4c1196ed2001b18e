/**
 * A drawn or photographed digit prepared the way MNIST's digits were: the digit's bounding box is
 * scaled (keeping its aspect ratio) to fit a 20 × 20 box, and that box is placed in a 28 × 28 field
 * so that the centre of mass of the ink lands on the field's centre. LeCun, Cortes and Burges
 * describe this for MNIST ("normalized to fit in a 20x20 pixel box while preserving their aspect
 * ratio … centered in a 28x28 image by computing the center of mass of the pixels, and translating
 * the image so as to position this point at the center of the 28x28 field").
 *
 * Without it a network trained on MNIST misreads a digit drawn small, large or in a corner: it has
 * only ever seen digits of one size in one place.
 *
 * Resampling is by area: each output pixel is the mean of the source area it covers (partly covered
 * source pixels count by the covered fraction), which is anti-aliasing when shrinking and a blocky
 * enlargement when growing. The shift is a whole number of pixels, and is clamped so the 20-pixel
 * box always stays inside the field (no ink is cut off).
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { dataError } from './data-error.js'
import type { DataErrors } from './data-error.js'
import * as T from '../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Options of `mnistDigit`. @category model @since 0.2.0 */
export interface DigitOptions {
  /** Pixels above this ink level count for the bounding box (default 0.1; ink runs from 0 to 1). */
  readonly threshold?: number
}

/** The side of MNIST's field (28) and of the box the digit is scaled into (20). @category model @since 0.2.0 */
export const digitField = 28
/** @category model @since 0.2.0 */
export const digitBox = 20

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Prepare a grey image (row-major, `width × height`, ink in [0, 1], bright ink on a dark ground as
 * in MNIST) as a 28 × 28 MNIST input. A `Left` says why not: wrong pixel count, a value outside
 * [0, 1], or no ink above the threshold.
 *
 * @example
 * import { Data } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * // a 2 × 2 dot in the corner of a 100 × 100 picture becomes a 20 × 20 square in the middle of the field
 * const picture = new Float32Array(100 * 100)
 * for (const i of [0, 1, 100, 101]) picture[i] = 1
 * const digit = Data.mnistDigit(picture, 100, 100)
 * assert.ok(E.isRight(digit))
 * assert.strictEqual(digit.right.reduce((a, b) => a + b, 0), 400)
 * assert.strictEqual(digit.right[4 * 28 + 4], 1) // the square spans rows and columns 4..23
 * assert.strictEqual(digit.right[3 * 28 + 4], 0)
 *
 * @category operations
 * @since 0.2.0
 */
export const mnistDigit = (
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  options: DigitOptions = {}
): E.Either<DataErrors, Float32Array> => {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0))
    return E.left(dataError('mnistDigit/size', 'a positive whole width and height', `${width} × ${height}`))
  if (pixels.length !== width * height)
    return E.left(dataError('mnistDigit/pixels', `${width * height} pixels (${width} × ${height})`, `${pixels.length}`))
  for (let i = 0; i < pixels.length; i++) {
    const v = T.at(pixels, i)
    if (!(v >= 0 && v <= 1)) return E.left(dataError(`mnistDigit/pixels/${i}`, 'an ink level in [0, 1]', `${v}`))
  }
  const threshold = options.threshold ?? 0.1
  const box = boundingBox(pixels, width, height, threshold)
  if (box === undefined) return E.left(dataError('mnistDigit/ink', `a pixel above ${threshold}`, 'an empty picture'))
  // s = 20 / max(box width, box height): the longer side becomes 20 pixels
  const s = digitBox / Math.max(box.w, box.h)
  const w = Math.max(1, Math.min(digitBox, Math.round(box.w * s)))
  const h = Math.max(1, Math.min(digitBox, Math.round(box.h * s)))
  const scaled = resample(pixels, width, box, w, h)
  const [cx, cy] = centreOfMass(scaled, w, h)
  // shift so that the centre of mass (pixel-centre coordinates) sits at the field's centre, 13.5
  const centre = (digitField - 1) / 2
  const dx = clamp(Math.round(centre - cx), 0, digitField - w)
  const dy = clamp(Math.round(centre - cy), 0, digitField - h)
  const out = new Float32Array(digitField * digitField)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(y + dy) * digitField + x + dx] = T.at(scaled, y * w + x)
  return E.right(out)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

interface Box {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

const boundingBox = (p: ArrayLike<number>, width: number, height: number, threshold: number): Box | undefined => {
  let [x0, y0, x1, y1] = [width, height, -1, -1]
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (T.at(p, y * width + x) > threshold) {
        x0 = Math.min(x0, x)
        x1 = Math.max(x1, x)
        y0 = Math.min(y0, y)
        y1 = Math.max(y1, y)
      }
  return x1 < 0 ? undefined : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 }
}

/**
 * Weights of a 1-D area resampling of `n` source pixels onto `m` target pixels: target pixel u
 * covers source interval [u·n/m, (u+1)·n/m), and weight(u, x) = |that ∩ [x, x+1)| · m/n, so each
 * target row of weights sums to 1 (a mean).
 */
const areaWeights = (n: number, m: number): ReadonlyArray<ReadonlyArray<readonly [number, number]>> =>
  Array.from({ length: m }, (_, u) => {
    const [a, b] = [(u * n) / m, ((u + 1) * n) / m]
    const ws: Array<readonly [number, number]> = []
    for (let x = Math.floor(a); x < Math.min(n, Math.ceil(b)); x++) {
      const overlap = Math.min(b, x + 1) - Math.max(a, x)
      if (overlap > 0) ws.push([x, (overlap * m) / n])
    }
    return ws
  })

/** The box of `p` resampled to w × h by area (rows first, then columns). */
const resample = (p: ArrayLike<number>, width: number, box: Box, w: number, h: number): Float32Array => {
  const wx = areaWeights(box.w, w)
  const wy = areaWeights(box.h, h)
  const rows = new Float64Array(box.h * w)
  for (let y = 0; y < box.h; y++)
    for (let u = 0; u < w; u++) {
      let s = 0
      for (const [x, k] of T.at(wx, u)) s += k * T.at(p, (box.y + y) * width + box.x + x)
      rows[y * w + u] = s
    }
  const out = new Float32Array(w * h)
  for (let v = 0; v < h; v++)
    for (let u = 0; u < w; u++) {
      let s = 0
      for (const [y, k] of T.at(wy, v)) s += k * T.at(rows, y * w + u)
      out[v * w + u] = Math.min(1, s)
    }
  return out
}

/** (Σ x·m / Σ m, Σ y·m / Σ m) over pixel indices; the picture has ink, so Σ m > 0. */
const centreOfMass = (p: Float32Array, w: number, h: number): readonly [number, number] => {
  let [m, mx, my] = [0, 0, 0]
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = T.at(p, y * w + x)
      m += v
      mx += x * v
      my += y * v
    }
  return m > 0 ? [mx / m, my / m] : [(w - 1) / 2, (h - 1) / 2]
}
