/**
 * `npm run predict`'s PNG reading prepares a picture as MNIST was (Data.mnistDigit): a digit drawn
 * small in a corner of a large dark-on-light picture gives the same input as one drawn large in
 * the middle.
 */
import * as E from 'fp-ts/lib/Either.js'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { pngToDigit } from '../../../scripts/lib/png-digit.js'

// black strokes of a "7" on white, drawn at (x, y) with stroke cells of `unit` pixels
const seven = (size: number, x: number, y: number, unit: number): Uint8Array => {
  const png = new PNG({ width: size, height: size })
  png.data.fill(255)
  const ink = (px: number, py: number) => {
    const i = 4 * (py * size + px)
    png.data[i] = png.data[i + 1] = png.data[i + 2] = 0
  }
  for (let i = 0; i < 5 * unit; i++) for (let j = 0; j < unit; j++) ink(x + i, y + j)
  for (let i = 0; i < 7 * unit; i++) for (let j = 0; j < unit; j++) ink(x + 4 * unit + j - Math.floor(i / 4), y + i)
  return PNG.sync.write(png)
}

describe('pngToDigit', () => {
  it('should read a small digit in a corner as the same 28 × 28 input as a large centred one', () => {
    const small = pngToDigit(seven(300, 240, 230, 6), 'small.png')
    const large = pngToDigit(seven(300, 60, 40, 30), 'large.png')
    if (E.isLeft(small) || E.isLeft(large)) throw new Error('expected both to decode')
    expect(small.right.length).toBe(784)
    let diff = 0
    for (let i = 0; i < 784; i++) diff = Math.max(diff, Math.abs(small.right[i]! - large.right[i]!))
    expect(diff).toBeLessThan(0.35)
    // the ink is bright (inverted from black on white) and spans the 20-pixel box
    const rows = Array.from({ length: 28 }, (_, r) => small.right.subarray(28 * r, 28 * r + 28).some((v) => v > 0.1))
    expect(rows.filter(Boolean).length).toBe(20)
  })
  it('should say when a picture has no ink', () => {
    const png = new PNG({ width: 8, height: 8 })
    png.data.fill(255)
    const d = pngToDigit(PNG.sync.write(png), 'blank.png')
    expect(E.isLeft(d) && d.left).toMatch(/^blank\.png: mnistDigit\/ink/)
  })
})
