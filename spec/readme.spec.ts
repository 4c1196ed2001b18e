/**
 * The README's "MNIST in fifteen lines", run on a small synthetic set (keep the two in step:
 * the lines between the markers are the README's, with `images` and `labels` made here).
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { Layer, Loss, Optim, Random, Tensor, Train } from '../src/index.js'

describe('README', () => {
  it('should train with the fifteen-line example', () => {
    // 512 noisy "images" of class c, whose pixels c·78 … c·78 + 77 are brighter.
    const classes = Int32Array.from({ length: 512 }, (_, i) => i % 10)
    const noise = Random.uniform(Random.key(42), [512, 784] as [number, 784])
    const images = Tensor.generate([512, 784] as [number, 784], (i) => noise.data[i]! + (Math.floor((i % 784) / 78) === classes[Math.floor(i / 784)] ? 0.5 : 0))
    const labels = E.getOrElseW(() => expect.fail('oneHot'))(Tensor.oneHot(classes, 10))
    // --- README begins
    const net = Layer.serial(Layer.input(784), Layer.dense(256), Layer.relu(), Layer.dense(10)) // [number, 784] → [number, 10]
    const tx = Optim.adam<ReturnType<typeof net.init>>(1e-3)
    const step = Train.trainStep(net, Loss.softmaxCrossEntropy, tx) // a pure (state, batch) → state
    const [kInit, kData, kTrain] = Random.splitN(Random.key(0), 3)
    const epochOf = pipe(
      Train.dataset({ x: images, y: labels }),
      E.flatMap((d) => Train.epochs(128)(d)),
      E.getOrElseW((e) => { throw new Error(e.message) })
    )
    let state = Train.initState(net.init(kInit!), tx, kTrain!)
    for (let epoch = 1; epoch <= 5; epoch++) state = Train.fold(step, state)(epochOf(kData!, epoch)) // training is a fold
    const [logits] = net.forward(state.params, images, Layer.evalCtx)
    const predicted = Tensor.argmax(logits) // Int32Array of digits
    // --- README ends
    const accuracy = predicted.filter((p, i) => p === classes[i]).length / 512
    expect(accuracy).toBeGreaterThan(0.9) // chance is 0.1
    expect(state.step).toBe(20)
  })
})
