/**
 * `npm run hand-calc -- --conv`: the numbers below were worked with pencil and paper from the
 * 4×4 image and 2×2 kernel (docs/conv.md, "by hand"), not taken from the program.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { convHandCalc } from '../../scripts/hand-calc/conv.js'

describe('npm run hand-calc -- --conv', () => {
  const h = convHandCalc()
  it('should compute the feature map, the pool and the loss worked by hand', () => {
    expect(h.y).toEqual([
      [1.5, 8.5, 3.5],
      [-0.5, 0.5, 1.5],
      [8.5, -0.5, 5.5]
    ])
    expect(h.pooled).toBe(8.5)
    expect(h.winner).toEqual([0, 1])
    expect(h.loss).toBe(15.125)
  })
  it('should compute the gradients worked by hand, and agree with the layers', () => {
    // the winner Y[0][1] saw x[0][1], x[0][2], x[1][1], x[1][2] = 2, 0, 1, 3; δ = 8.5 − 3 = 5.5
    expect(h.dW).toEqual([
      [11, 0],
      [5.5, 16.5]
    ])
    expect(h.dB).toBe(5.5)
    expect(h.dX).toEqual([
      [0, 5.5, -5.5, 0],
      [0, 0, 11, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0]
    ])
    expect(h.libraryAgrees).toBe(true)
  })
  it('should print every number, and one JSON object with --json', () => {
    const run = (...args: Array<string>): string => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/hand-calc.ts', ...args], { encoding: 'utf8' })
    const text = run('--conv')
    for (const s of ['im2col', 'Y = col·vec(W) + b', 'pooled y = max = 8.5', 'L = ½(y − t)²', '∂L/∂W', '∂L/∂X', 'agrees: yes']) expect(text).toContain(s)
    const json = JSON.parse(run('--conv', '--json')) as Record<string, unknown>
    expect(Object.keys(json).sort()).toEqual(['x', 'w', 'b', 't', 'col', 'y', 'window', 'winner', 'pooled', 'loss', 'dPooled', 'dY', 'dW', 'dB', 'dX', 'libraryAgrees'].sort())
  })
})
