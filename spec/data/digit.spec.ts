import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/digit.js'

const picture = (w: number, h: number, ink: ReadonlyArray<readonly [number, number]>, level = 1): Float32Array => {
  const p = new Float32Array(w * h)
  for (const [x, y] of ink) p[y * w + x] = level
  return p
}
const right = (e: E.Either<unknown, Float32Array>): Float32Array => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const inkBox = (d: Float32Array) => {
  const xs: Array<number> = []
  const ys: Array<number> = []
  d.forEach((v, i) => {
    if (v > 0) (xs.push(i % 28), ys.push(Math.floor(i / 28)))
  })
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) }
}
const centre = (d: Float32Array): readonly [number, number] => {
  let [m, mx, my] = [0, 0, 0]
  d.forEach((v, i) => ((m += v), (mx += (i % 28) * v), (my += Math.floor(i / 28) * v)))
  return [mx / m, my / m]
}
// an "L": a vertical bar and a foot, drawn with top-left corner at (x, y), unit = pixels per stroke cell
const ell = (w: number, h: number, x: number, y: number, unit: number): Float32Array => {
  const ink: Array<readonly [number, number]> = []
  for (let i = 0; i < 6 * unit; i++) for (let j = 0; j < unit; j++) ink.push([x + j, y + i])
  for (let i = 0; i < 4 * unit; i++) for (let j = 0; j < unit; j++) ink.push([x + i, y + 5 * unit + j])
  return picture(w, h, ink)
}

describe('mnistDigit', () => {
  it('should scale a small dot in a corner to the 20 × 20 box in the middle (known answer)', () => {
    const d = right(_.mnistDigit(picture(100, 100, [[0, 0], [1, 0], [0, 1], [1, 1]]), 100, 100))
    expect(d.length).toBe(784)
    expect(inkBox(d)).toEqual({ x0: 4, x1: 23, y0: 4, y1: 23 })
    expect(d.reduce((a, b) => a + b, 0)).toBe(400)
  })
  it('should keep the aspect ratio: a 1 × 4 bar becomes 5 × 20', () => {
    const d = right(_.mnistDigit(picture(10, 10, [[3, 2], [3, 3], [3, 4], [3, 5]]), 10, 10))
    const b = inkBox(d)
    expect([b.x1 - b.x0 + 1, b.y1 - b.y0 + 1]).toEqual([5, 20])
  })
  it('should give the same 28 × 28 digit wherever and however large the digit was drawn', () => {
    const small = right(_.mnistDigit(ell(280, 280, 200, 10, 10), 280, 280))
    const moved = right(_.mnistDigit(ell(280, 280, 5, 150, 10), 280, 280))
    const large = right(_.mnistDigit(ell(280, 280, 20, 20, 40), 280, 280))
    expect(Array.from(moved)).toEqual(Array.from(small))
    for (let i = 0; i < 784; i++) expect(large[i]).toBeCloseTo(small[i]!, 5)
  })
  it('should put the centre of mass within half a pixel of the field centre (13.5, 13.5)', () => {
    const d = right(_.mnistDigit(ell(280, 280, 30, 60, 12), 280, 280))
    const [cx, cy] = centre(d)
    expect(Math.abs(cx - 13.5)).toBeLessThanOrEqual(0.5)
    expect(Math.abs(cy - 13.5)).toBeLessThanOrEqual(0.5)
    // the box was 48 wide and 72 tall: the longer side becomes 20 pixels
    const b = inkBox(d)
    expect(b.y1 - b.y0 + 1).toBe(20)
    expect(b.x1 - b.x0 + 1).toBe(13)
  })
  it('should average by area when shrinking (a half-covered pixel gives half the ink)', () => {
    // a 40 × 40 square whose left half is ink at 1 and right half at 0.5 → 20 × 20 of 1 and 0.5
    const ink: Array<readonly [number, number]> = []
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) ink.push([x, y])
    const p = picture(40, 40, ink)
    for (let y = 0; y < 40; y++) for (let x = 20; x < 40; x++) p[y * 40 + x] = 0.5
    const d = right(_.mnistDigit(p, 40, 40))
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(300, 4)
  })
  it('should keep every pixel inside the field when the centre of mass is far off-centre', () => {
    // a long bar with a heavy blob at its end pulls the centre of mass; the box is clamped into the field
    const ink: Array<readonly [number, number]> = []
    for (let x = 0; x < 100; x++) ink.push([x, 0])
    const p = picture(100, 10, ink, 0.2)
    for (let y = 0; y < 10; y++) for (let x = 90; x < 100; x++) p[y * 100 + x] = 1
    const d = right(_.mnistDigit(p, 100, 10))
    const b = inkBox(d)
    expect(b.x1 - b.x0 + 1).toBe(20)
    expect(b.x0).toBeGreaterThanOrEqual(0)
    expect(b.x1).toBeLessThanOrEqual(27)
  })
  it('should not write into its input', () => {
    const p = ell(50, 50, 3, 3, 5)
    const before = Array.from(p)
    expect(E.isRight(_.mnistDigit(p, 50, 50))).toBe(true)
    expect(Array.from(p)).toEqual(before)
  })
  it('should refuse an empty picture, a wrong pixel count, a bad size and out-of-range ink', () => {
    const left = (e: E.Either<ReadonlyArray<{ path: string }>, unknown>) => (E.isLeft(e) ? e.left[0]!.path : 'right')
    expect(left(_.mnistDigit(new Float32Array(16), 4, 4))).toBe('mnistDigit/ink')
    expect(left(_.mnistDigit(new Float32Array(15), 4, 4))).toBe('mnistDigit/pixels')
    expect(left(_.mnistDigit(new Float32Array(0), 0, 0))).toBe('mnistDigit/size')
    expect(left(_.mnistDigit(Float32Array.of(0, 2, 0, 0), 2, 2))).toBe('mnistDigit/pixels/1')
    expect(left(_.mnistDigit(Float32Array.of(0, NaN, 0, 0), 2, 2))).toBe('mnistDigit/pixels/1')
  })
  it('should honour the threshold for the bounding box', () => {
    const p = picture(30, 30, [[0, 0]], 0.05)
    p[15 * 30 + 15] = 1
    const d = right(_.mnistDigit(p, 30, 30))
    expect(d.reduce((a, b) => a + b, 0)).toBe(400) // only the bright pixel's box, scaled to 20 × 20
    expect(E.isLeft(_.mnistDigit(picture(4, 4, [[1, 1]], 0.05), 4, 4))).toBe(true)
    expect(E.isRight(_.mnistDigit(picture(4, 4, [[1, 1]], 0.05), 4, 4, { threshold: 0.01 }))).toBe(true)
  })
})
