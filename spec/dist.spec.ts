/**
 * The built package, imported by its name as a user would (`npm test` builds dist/ first): every
 * namespace is there, and a small network trains through it, on the WebAssembly kernels with two
 * threads when the runtime has them.
 */
import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Data, Layer, Loss, Optim, Random, Tensor, Train } from 'kanzen'
import * as KanzenNode from 'kanzen/node'

describe('kanzen (built package)', () => {
  it('should export the Tensor namespace with working operations', () => {
    const a = Tensor.tensor([[1, 2], [3, 4]])
    expect(Tensor.toNested(Tensor.matmul(a, Tensor.eye(2)))).toEqual([[1, 2], [3, 4]])
    expect(E.isLeft(Tensor.fromArray([2, 2], [1]))).toBe(true)
  })

  it('should export every namespace', () => {
    for (const ns of [Data, Layer, Loss, Optim, Random, Tensor, Train]) expect(Object.keys(ns).length).toBeGreaterThan(3)
  })

  it('should export kanzen/node, reading gzip into the same Data namespace', () => {
    const raw = E.getOrElseW(() => expect.fail('encodeIdx'))(Data.encodeIdx({ type: 'uint8', dims: [2], data: Uint8Array.of(7, 9) }))
    expect(KanzenNode.decodeIdx(gzipSync(raw))).toEqual(Data.decodeIdx(raw))
  })

  it('should train a network end to end through the bundle, with large products on two threads', () => {
    const status = Tensor.selectKernels('auto', { threads: 2 })
    try {
      // The native kernels where the install script built them (found from dist/ as from src/), else WebAssembly.
      expect(status.active).toMatch(/^(native-(avx512|avx2|generic)×2|wasm-simd×2|wasm-simd|wasm-relaxed-simd×2|wasm-relaxed-simd|js-blocked)$/)
      // 256 points of two classes, separated by the sign of x₀ + x₁.
      const x = Random.normal(Random.key(1), [256, 64] as [number, 64])
      const classes = Array.from({ length: 256 }, (_, i) => (x.data[i * 64]! + x.data[i * 64 + 1]! > 0 ? 1 : 0))
      const y = E.getOrElseW(() => expect.fail('oneHot'))(Tensor.oneHot(classes, 2))
      const net = Layer.serial(Layer.input(64), Layer.dense(1024), Layer.relu(), Layer.dense(2))
      const tx = Optim.adam<ReturnType<typeof net.init>>(1e-3)
      const step = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)
      let state = Train.initState(net.init(Random.key(2)), tx, Random.key(3))
      for (let i = 0; i < 30; i++) state = step(state, { x, y })
      const [logits] = net.forward(state.params, x, Layer.evalCtx)
      const accuracy = Array.from(Tensor.argmax(logits)).filter((c, i) => c === classes[i]).length / 256
      expect(accuracy).toBeGreaterThan(0.9)
    } finally {
      Tensor.selectKernels('auto', { threads: 1 })
    }
  })
})
