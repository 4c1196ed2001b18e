/**
 * A PNG file as an MNIST-style input: grey levels in [0, 1] with the digit bright on a dark
 * background, 28 × 28. Larger or smaller pictures are resampled by averaging the source pixels
 * that fall into each target pixel; a dark-on-light picture (mean above ½) is inverted.
 */
import * as E from 'fp-ts/lib/Either.js'
import { PNG } from 'pngjs'

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
  const out = new Float32Array(784)
  for (let ty = 0; ty < 28; ty++) {
    for (let tx = 0; tx < 28; tx++) {
      const [y0, y1] = [Math.floor((ty * height) / 28), Math.max(Math.floor((ty * height) / 28) + 1, Math.floor(((ty + 1) * height) / 28))]
      const [x0, x1] = [Math.floor((tx * width) / 28), Math.max(Math.floor((tx * width) / 28) + 1, Math.floor(((tx + 1) * width) / 28))]
      let s = 0
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += grey[y * width + x]!
      out[ty * 28 + tx] = s / ((y1 - y0) * (x1 - x0))
    }
  }
  const mean = out.reduce((a, b) => a + b, 0) / 784
  return E.right(mean > 0.5 ? out.map((v) => 1 - v) : out)
}
