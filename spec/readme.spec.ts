/**
 * The README's "MNIST in fifteen lines", run on a small synthetic set (keep the two in step:
 * the lines between the markers are the README's, with `images` and `labels` made here).
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Layer, Loss, Optim, Random, Tensor, Train } from '../src/index.js'

describe('README', () => {
  it('should hold the same lines as this spec between the markers', () => {
    const spec = readFileSync(new URL(import.meta.url), 'utf8')
    const lines = spec.slice(spec.lastIndexOf('// --- README begins\n') + 22, spec.lastIndexOf('    // --- README ends')).split('\n').map((l) => l.trim()).filter((l) => l !== '')
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## MNIST in fifteen lines'), readme.indexOf('## Use kanzen in your own project'))
    const block = section.slice(section.indexOf('```ts\n') + 6, section.indexOf('```', section.indexOf('```ts\n') + 6))
    const code = block.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('import ') && !l.startsWith('declare '))
    expect(code).toEqual(lines)
  })
  it('should train with the fifteen-line example', () => {
    // 512 noisy "images" of class c, whose pixels c·78 … c·78 + 77 are brighter.
    const classes = Int32Array.from({ length: 512 }, (_, i) => i % 10)
    const noise = Random.uniform(Random.key(42), [512, 784] as [number, 784])
    const images = Tensor.generate([512, 784] as [number, 784], (i) => noise.data[i]! + (Math.floor((i % 784) / 78) === classes[Math.floor(i / 784)] ? 0.5 : 0))
    const labels = E.getOrElseW(() => expect.fail('oneHot'))(Tensor.oneHot(classes, 10))
    // --- README begins
    const net = Layer.serial(Layer.input(784), Layer.dense(256), Layer.relu(), Layer.dense(10)) // [number, 784] → [number, 10]
    const tx = Optim.adam<ReturnType<typeof net.init>>(1e-3)
    // Training is a fold over epochs of the pure step (state, batch) → state; the key decides the
    // initial weights, every epoch's shuffle and the steps, so a run is reproducible bit for bit.
    const fitted = Train.fit(net, Loss.softmaxCrossEntropy, tx, { x: images, y: labels }, { epochs: 5, batch: 128, key: Random.key(0) })
    if (E.isLeft(fitted)) throw new Error(fitted.left.message) // a bad option, or a non-finite loss
    const { state, history } = fitted.right // history: { epoch, step, metrics: { trainLoss } } per epoch
    const predicted = Tensor.argmax(Layer.predict(net, state.params, images)) // Int32Array of digits
    // --- README ends
    const accuracy = predicted.filter((p, i) => p === classes[i]).length / 512
    expect(accuracy).toBeGreaterThan(0.9) // chance is 0.1
    expect(state.step).toBe(20)
    expect(history.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5])
  })
})
