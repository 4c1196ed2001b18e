/**
 * A PNG file as an MNIST-style input: grey levels in [0, 1] with the digit bright on a dark
 * background, 28 × 28, prepared as MNIST's digits were (`Data.mnistDigit`: bounding box scaled
 * to 20 × 20, centred by centre of mass); a dark-on-light picture (mean above ½) is inverted.
 */
import * as E from 'fp-ts/lib/Either.js'
import { PNG } from 'pngjs'
import { Data } from '../../src/index.js'

export const pngToDigit = (bytes: Uint8Array, file: string): E.Either<string, Float32Array> => {
  let png: PNG
  try {
    png = PNG.sync.read(Buffer.from(bytes))
  } catch (e) {
    return E.left(`${file}: not a readable PNG (${e instanceof Error ? e.message : String(e)})`)
  }
  const { width, height, data } = png
  if (width < 1 || height < 1) return E.left(`${file}: empty image`)
  // Luminance (ITU-R BT.601 weights), composited on white where the pixel is transparent.
  const grey = new Float32Array(width * height)
  for (let i = 0; i < grey.length; i++) {
    const a = data[4 * i + 3]! / 255
    const y = (0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!) / 255
    grey[i] = a * y + (1 - a)
  }
  // A dark-on-light picture (mean above ½) is inverted; then the MNIST preparation (Data.mnistDigit).
  const mean = grey.reduce((a, b) => a + b, 0) / grey.length
  const ink = mean > 0.5 ? grey.map((v) => 1 - v) : grey
  return E.mapLeft((e: Data.DataErrors) => `${file}: ${Data.showDataErrors(e)}`)(Data.mnistDigit(ink, width, height))
}
