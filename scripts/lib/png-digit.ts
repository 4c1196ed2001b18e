/**
 * A PNG file as an MNIST-style input: grey levels in [0, 1] with the digit bright on a dark
 * background, 28 × 28, prepared as MNIST's digits were (`Data.mnistDigit`: bounding box scaled
 * to 20 × 20, centred by centre of mass); a dark-on-light picture (mean above ½) is inverted.
 */
import { inflateSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { PNG } from 'pngjs'
import { Data } from '../../src/index.js'

/** The largest PNG file read: 64 MiB. */
export const maxPngBytes = 64 * 2 ** 20

/** The most pixels a PNG may have: 4096 × 4096 (16.8 million); width and height each at most 16384. */
export const maxPngPixels = 4096 * 4096
export const maxPngSide = 16384

/** Width, height, bit depth, colour type and interlace method from the IHDR chunk, which must come first. */
export const pngHeader = (bytes: Uint8Array): E.Either<string, { readonly width: number; readonly height: number; readonly depth: number; readonly colorType: number; readonly interlace: number }> => {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (bytes.length < 33 || signature.some((b, i) => bytes[i] !== b)) return E.left('not a PNG (no PNG signature and IHDR chunk)')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return E.left('not a PNG (the first chunk is not IHDR)')
  return E.right({ width: view.getUint32(16), height: view.getUint32(20), depth: bytes[24]!, colorType: bytes[25]!, interlace: bytes[28]! })
}

// Samples per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA).
const channels: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

/**
 * Sizes checked before the decoder allocates anything: the declared dimensions against the
 * documented limits, and for an interlaced image (which pngjs inflates without a bound) the
 * image data inflated here with a limit of the size the dimensions allow.
 */
const checkSizes = (bytes: Uint8Array): E.Either<string, void> =>
  E.flatMap(pngHeader(bytes), ({ width, height, depth, colorType, interlace }) => {
    if (width < 1 || height < 1) return E.left(`empty image (${width} × ${height} pixels)`)
    if (width > maxPngSide || height > maxPngSide || width * height > maxPngPixels)
      return E.left(`${width} × ${height} pixels is more than the limit of ${maxPngPixels.toLocaleString('en-US')} pixels (4096 × 4096, each side at most ${maxPngSide})`)
    if (interlace === 0) return E.right(undefined)
    const rowBytes = Math.ceil((width * (channels[colorType] ?? 4) * Math.min(16, Math.max(1, depth))) / 8) + 1
    const bound = 2 * rowBytes * height + 1024 // Adam7's seven passes add at most two bytes per row
    const idat: Array<Uint8Array> = []
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let at = 8; at + 8 <= bytes.length; ) {
      const length = view.getUint32(at)
      if (String.fromCharCode(...bytes.subarray(at + 4, at + 8)) === 'IDAT') idat.push(bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length)))
      at += 12 + length
    }
    try {
      inflateSync(Buffer.concat(idat), { maxOutputLength: bound })
    } catch (e) {
      if (e instanceof RangeError) return E.left(`the image data inflates to more than the ${bound} bytes its ${width} × ${height} pixels need`)
    }
    return E.right(undefined)
  })

export const pngToDigit = (bytes: Uint8Array, file: string): E.Either<string, Float32Array> => {
  if (bytes.length > maxPngBytes) return E.left(`${file}: ${bytes.length} bytes is more than the limit of ${maxPngBytes} bytes for a PNG`)
  const sized = checkSizes(bytes)
  if (E.isLeft(sized)) return E.left(`${file}: ${sized.left}`)
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
