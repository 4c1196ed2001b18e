/**
 * The convolution section of `npm run bench` (`--only conv`): the issue's CNN layers, forward and
 * backward, in GFLOP/s — the plain-loop reference (Layer.conv2dReference) against the fast path
 * (im2col + GEMM through the active kernels) — and the time of one CNN training epoch
 * (60,000 images, extrapolated from timed batches).
 *
 * FLOPs of one convolution: forward 2·B·OH·OW·F·C·KH·KW; backward twice that (∂L/∂W and ∂L/∂X).
 */
import { Layer, Loss, Optim, Random, Tensor, Train } from '../../src/index.js'
import { table, time } from './timing.js'

/** The issue's CNN: conv16 3×3 p1 → ReLU → pool 2 → conv32 3×3 p1 → ReLU → pool 2 → dense128 → ReLU → dense10. */
export const issueCnn = () =>
  Layer.serial(
    Layer.input([1, 28, 28]),
    Layer.conv2d({ filters: 16, kernel: 3, padding: 1 }),
    Layer.relu(),
    Layer.maxPool2d({ size: 2 }),
    Layer.conv2d({ filters: 32, kernel: 3, padding: 1 }),
    Layer.relu(),
    Layer.maxPool2d({ size: 2 }),
    Layer.flatten(),
    Layer.dense(128),
    Layer.relu(),
    Layer.dense(10)
  )

interface ConvShape {
  readonly name: string
  readonly row: readonly [number, number, number]
  readonly filters: number
}

const shapes: ReadonlyArray<ConvShape> = [
  { name: 'conv1 [128,1,28,28] → 16 3×3 p1', row: [1, 28, 28], filters: 16 },
  { name: 'conv2 [128,16,14,14] → 32 3×3 p1', row: [16, 14, 14], filters: 32 }
]

/** One row per layer and pass: reference and fast GFLOP/s and their ratio. */
export const benchConv = (runs: number, batch = 128): string => {
  const rows: Array<Array<string>> = []
  for (const s of shapes) {
    const layer = Layer.build(Layer.input(s.row), Layer.conv2d({ filters: s.filters, kernel: 3, padding: 1 }))
    const p = layer.init(Random.key(0))
    const x = Random.normal(Random.key(1), [batch, ...s.row])
    const [y, tape] = layer.forward(p, x, Layer.evalCtx)
    const dy = Random.normal(Random.key(2), y.shape)
    const flops = 2 * batch * s.row[1] * s.row[2] * s.filters * s.row[0] * 9
    const steps = { stride: [1, 1], padding: [1, 1] } as const
    const refFwd = time(() => Layer.conv2dReference(x, p.w, p.b, steps), Math.max(3, runs >> 1), 1)
    const fastFwd = time(() => layer.forward(p, x, Layer.evalCtx), runs)
    const refBwd = time(() => Layer.conv2dBackwardReference(x, p.w, dy, steps), Math.max(3, runs >> 1), 1)
    const fastBwd = time(() => layer.backward(p, tape, dy), runs)
    const gf = (f: number, ms: number): string => (f / ms / 1e6).toFixed(2)
    rows.push([s.name, 'forward', gf(flops, refFwd.medianMs), gf(flops, fastFwd.medianMs), fastFwd.medianMs.toFixed(1), (refFwd.medianMs / fastFwd.medianMs).toFixed(1)])
    rows.push([s.name, 'backward', gf(2 * flops, refBwd.medianMs), gf(2 * flops, fastBwd.medianMs), fastBwd.medianMs.toFixed(1), (refBwd.medianMs / fastBwd.medianMs).toFixed(1)])
  }
  return table(['layer', 'pass', 'reference GFLOP/s', 'fast GFLOP/s', 'fast ms', '× reference'], rows)
}

/** Seconds for one 60,000-image epoch of the issue's CNN (Adam, batch 128), from `batches` timed steps after 3 warm-ups. */
export const cnnEpochSeconds = (batches: number, batch = 128): number => {
  const net = issueCnn()
  const tx = Optim.adam<ReturnType<typeof net.init>>(1e-3)
  const step = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)
  const x = Random.uniform(Random.key(3), [batch, 1, 28, 28])
  const labels = Array.from({ length: batch }, (_, i) => i % 10)
  const y = Tensor.oneHot(labels, 10)
  if (y._tag === 'Left') throw new Error(y.left.message)
  const b = { x, y: y.right }
  let state = Train.initState(net.init(Random.key(0)), tx, Random.key(1))
  for (let i = 0; i < 3; i++) state = step(state, b)
  const t0 = performance.now()
  for (let i = 0; i < batches; i++) state = step(state, b)
  const perBatch = (performance.now() - t0) / batches
  return (perBatch * Math.ceil(60000 / batch)) / 1000
}
