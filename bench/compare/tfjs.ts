/**
 * The same 784-100-10 MLP step in TensorFlow.js (same operations, same hand-written backward, same
 * batches), for its pure-JS `cpu` backend and its WebAssembly backend (SIMD, single-threaded in
 * Node). tfjs-node cannot be installed here (its install step downloads a native library).
 *
 * This folder is a package of its own (package.json, package-lock.json), installed only for
 * `npm run bench -- --compare` (scripts/bench/compare.ts runs `npm ci` here on first use), so
 * kanzen's own `npm install` does not pull TensorFlow.js. `@tensorflow/*` resolves from
 * bench/compare/node_modules because this file lives here.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import type { Data } from '../../scripts/bench/mlp.js'

type P = [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D]

/** Switch tfjs to a backend; the wasm binaries ship inside the npm package and load offline. */
export const useTfBackend = async (name: 'cpu' | 'wasm'): Promise<void> => {
  if (name === 'wasm') {
    const dir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))
    setWasmPaths(`${dir}/`)
  }
  await tf.setBackend(name)
  await tf.ready()
}

/** A trainer over `data` with a fixed shuffled order; `run(batches)` trains that many batches. */
export const tfTrainer = (data: Data, order: Int32Array, lr = 0.1): { run: (batches: number) => void; dispose: () => void } => {
  const x = tf.tensor2d(Float32Array.from(data.images.data), [data.n, 784])
  const y = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 10).toFloat()
  const init = (r: number, c: number): tf.Tensor2D => tf.randomNormal([r, c], 0, Math.sqrt(2 / r), 'float32', 1)
  let p: P = [init(784, 100), tf.zeros([100]) as tf.Tensor1D, init(100, 10), tf.zeros([10]) as tf.Tensor1D]
  const step = (xb: tf.Tensor2D, yb: tf.Tensor2D): P =>
    tf.tidy((): P => {
      const [w1, b1, w2, b2] = p
      const z1 = tf.add(tf.matMul(xb, w1), b1)
      const h = tf.relu(z1)
      const prob = tf.softmax(tf.add(tf.matMul(h, w2), b2))
      const d2 = tf.div(tf.sub(prob, yb), xb.shape[0])
      const d1 = tf.mul(tf.matMul(d2, w2, false, true), tf.step(z1, 0))
      const upd = <T extends tf.Tensor>(w: T, g: tf.Tensor): T => tf.sub(w, tf.mul(g, lr)) as T
      return [upd(w1, tf.matMul(xb, d1, true, false)), upd(b1, tf.sum(d1, 0)), upd(w2, tf.matMul(h, d2, true, false)), upd(b2, tf.sum(d2, 0))]
    })
  const run = (batches: number): void => {
    for (let b = 0; b < batches; b++) {
      const next = tf.tidy((): P => {
        const idx = tf.tensor1d(order.subarray(b * 100, (b + 1) * 100), 'int32')
        return step(tf.gather(x, idx) as tf.Tensor2D, tf.gather(y, idx) as tf.Tensor2D)
      })
      for (const t of p) t.dispose()
      p = next
    }
    p[0].dataSync() // wait for the work (the wasm and cpu backends are synchronous anyway)
  }
  return { run, dispose: () => [x, y, ...p].forEach((t) => t.dispose()) }
}
