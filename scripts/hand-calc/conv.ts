/**
 * `npm run hand-calc -- --conv`: one convolution and one max-pool, small enough for pencil and
 * paper (docs/conv.md walks through it). A 1-channel 4×4 image, one 2×2 kernel with a bias,
 * stride 1, no padding → a 3×3 feature map → 2×2 max-pool (stride 2) → one number y, and the loss
 * L = ½(y − t)². Forward and backward are computed twice: by the loops below, written out the way
 * one computes by hand (im2col, then the products), and by the library's layers (conv2d and
 * maxPool2d in float64); the report says whether they agree.
 */
import { Layer, Tensor } from '../../src/index.js'

type Grid = ReadonlyArray<ReadonlyArray<number>>

export interface ConvHandCalc {
  readonly x: Grid
  readonly w: Grid
  readonly b: number
  readonly t: number
  /** im2col: one row per output position (oy, ox), the 4 values under the kernel. */
  readonly col: Grid
  /** The feature map Y = col·w + b, as 3×3. */
  readonly y: Grid
  /** The max-pool's window (the top-left 2×2 of Y), its winner and the output. */
  readonly window: Grid
  readonly winner: readonly [number, number]
  readonly pooled: number
  readonly loss: number
  /** ∂L/∂pooled = pooled − t. */
  readonly dPooled: number
  /** ∂L/∂Y: ∂L/∂pooled at the winner, 0 elsewhere. */
  readonly dY: Grid
  /** ∂L/∂w = colᵀ·vec(∂L/∂Y), as 2×2, and ∂L/∂b = Σ ∂L/∂Y. */
  readonly dW: Grid
  readonly dB: number
  /** ∂L/∂X = col2im(vec(∂L/∂Y)·wᵀ), as 4×4. */
  readonly dX: Grid
  /** Whether the library's conv2d and maxPool2d give the same numbers (float64, exactly up to 1e-12). */
  readonly libraryAgrees: boolean
}

export const convHandCalc = (): ConvHandCalc => {
  const x = [
    [1, 2, 0, 1],
    [0, 1, 3, 2],
    [2, 0, 1, 0],
    [1, 3, 0, 2]
  ]
  const w = [
    [1, -1],
    [0, 2]
  ]
  const b = 0.5
  const t = 3
  // im2col: row (oy, ox) holds x[oy + ky][ox + kx] for (ky, kx) = (0,0), (0,1), (1,0), (1,1)
  const col: Array<Array<number>> = []
  for (let oy = 0; oy < 3; oy++) for (let ox = 0; ox < 3; ox++) col.push([x[oy]![ox]!, x[oy]![ox + 1]!, x[oy + 1]![ox]!, x[oy + 1]![ox + 1]!])
  const wv = [w[0]![0]!, w[0]![1]!, w[1]![0]!, w[1]![1]!]
  const yv = col.map((r) => r.reduce((s, v, k) => s + v * wv[k]!, b))
  const y = [yv.slice(0, 3), yv.slice(3, 6), yv.slice(6, 9)]
  // 2×2 max-pool with stride 2 over 3×3: one window, rows 0–1 and columns 0–1 (the rest is cut off: ⌊(3 − 2)/2⌋ + 1 = 1)
  const window = [y[0]!.slice(0, 2), y[1]!.slice(0, 2)]
  const cells = [window[0]![0]!, window[0]![1]!, window[1]![0]!, window[1]![1]!]
  const best = cells.indexOf(Math.max(...cells))
  const winner = [best >> 1, best & 1] as const
  const pooled = cells[best]!
  const loss = 0.5 * (pooled - t) ** 2
  const dPooled = pooled - t
  const dYv = yv.map((_, i) => (i === winner[0] * 3 + winner[1] ? dPooled : 0))
  const dY = [dYv.slice(0, 3), dYv.slice(3, 6), dYv.slice(6, 9)]
  const dWv = wv.map((_, k) => col.reduce((s, r, i) => s + r[k]! * dYv[i]!, 0))
  const dW = [dWv.slice(0, 2), dWv.slice(2, 4)]
  const dB = dYv.reduce((s, v) => s + v, 0)
  const dX = x.map((r) => r.map(() => 0))
  col.forEach((_, i) => {
    const oy = Math.floor(i / 3)
    const ox = i % 3
    wv.forEach((wk, k) => {
      dX[oy + (k >> 1)]![ox + (k & 1)]! += dYv[i]! * wk
    })
  })

  // The same through the library.
  const conv = Layer.build(Layer.input([1, 4, 4], 'float64'), Layer.conv2d({ filters: 1, kernel: 2 }))
  const pool = Layer.build(Layer.input([1, 3, 3], 'float64'), Layer.maxPool2d({ size: 2 }))
  const p = { w: Tensor.tensor([[[[1, -1], [0, 2]]]], 'float64'), b: Tensor.tensor([b], 'float64') }
  if (Tensor.toArray(p.w).some((v, k) => v !== wv[k])) throw new Error('hand-calc: the kernel literal disagrees with w')
  const xt = Tensor.reshape(Tensor.tensor(x.flat(), 'float64'), [1, 1, 4, 4] as [number, 1, 4, 4])
  const [ly, convTape] = conv.forward(p, xt, Layer.evalCtx)
  const [lp, poolTape] = pool.forward({}, ly, Layer.evalCtx)
  const [, ldY] = pool.backward({}, poolTape, Tensor.tensor([[[[lp.data[0]! - t]]]], 'float64'))
  const [lg, ldX] = conv.backward(p, convTape, ldY)
  const same = (a: ReadonlyArray<number>, b2: ReadonlyArray<number>) => a.length === b2.length && a.every((v, i) => Math.abs(v - b2[i]!) <= 1e-12)
  const libraryAgrees =
    same(Tensor.toArray(ly), yv) &&
    same(Tensor.toArray(lp), [pooled]) &&
    same(Tensor.toArray(ldY), dYv) &&
    same(Tensor.toArray(lg.w), dWv) &&
    same(Tensor.toArray(lg.b), [dB]) &&
    same(Tensor.toArray(ldX), dX.flat())
  return { x, w, b, t, col, y, window, winner, pooled, loss, dPooled, dY, dW, dB, dX, libraryAgrees }
}

const num = (v: number): string => (Object.is(v, -0) ? 0 : v).toString().padStart(6)
const grid = (name: string, g: Grid): string => [name, ...g.map((r) => `  ${r.map(num).join('')}`)].join('\n')

export const renderConv = (h: ConvHandCalc): string =>
  [
    'One convolution and one max-pool by hand: a 1-channel 4×4 image, one 2×2 kernel (stride 1, no padding), 2×2 max-pool, L = ½(y − t)² (float64)',
    grid('input X [4×4]', h.x),
    grid('kernel W [2×2]', h.w),
    `bias b = ${h.b}, target t = ${h.t}`,
    '── forward ──',
    grid('im2col: one row per output position (oy, ox), the values under the kernel (x₀₀ x₀₁ x₁₀ x₁₁) [9×4]', h.col),
    grid('Y = col·vec(W) + b, laid out 3×3 (out = ⌊(4 − 2)/1⌋ + 1 = 3)', h.y),
    grid('max-pool window: rows 0–1, columns 0–1 of Y (⌊(3 − 2)/2⌋ + 1 = 1 window per axis)', h.window),
    `pooled y = max = ${h.pooled} at (${h.winner[0]}, ${h.winner[1]})`,
    `L = ½(y − t)² = ½(${h.pooled} − ${h.t})² = ${h.loss}`,
    '── backward ──',
    `∂L/∂y = y − t = ${h.dPooled}`,
    grid('∂L/∂Y: ∂L/∂y at the winner, 0 elsewhere (max passes the gradient to its winner only)', h.dY),
    grid('∂L/∂W = colᵀ·vec(∂L/∂Y), laid out 2×2', h.dW),
    `∂L/∂b = Σ ∂L/∂Y = ${h.dB}`,
    grid('∂L/∂X = col2im(vec(∂L/∂Y)·vec(W)ᵀ): each window adds W·δ back onto the pixels it covered [4×4]', h.dX),
    `library (conv2d, maxPool2d, float64) agrees: ${h.libraryAgrees ? 'yes' : 'NO'}`
  ].join('\n')
