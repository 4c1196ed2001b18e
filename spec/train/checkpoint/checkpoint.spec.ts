import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Optim, Random, Tensor } from '../../../src/index.js'
import * as _ from '../../../src/train/checkpoint/checkpoint.js'
import { decodeSafeTensors, encodeSafeTensors } from '../../../src/train/checkpoint/safetensors.js'
import { initState, trainStep } from '../../../src/train/index.js'
import { linear, softmaxCrossEntropy } from '../../support/tiny-net.js'

// An optimizer with tensor and number state, shaped like a chain of Adam-like transforms: [{ count, mu }].
const net = linear(2, 2)
type P = ReturnType<typeof net.init>
const momentum = {
  init: (p: P) => [{ count: 0, mu: Optim.mapParams((t) => Tensor.scale(t, 0))(p) }] as const,
  update: (g: P, [s]: readonly [{ readonly count: number; readonly mu: P }], _p: P) => {
    const mu = Optim.zipParams((m, x) => Tensor.add(Tensor.scale(m, 0.9), x))(s.mu, g)
    return [Optim.mapParams((m) => Tensor.scale(m, -0.1))(mu), [{ count: s.count + 1, mu }] as const] as const
  }
}
const template = initState(net.init(Random.key(1)), momentum, Random.key(2))
const batch = {
  x: Tensor.tensor([
    [1, 2],
    [-1, 0.5]
  ]),
  y: Tensor.tensor([
    [0, 1],
    [1, 0]
  ])
}
const step = trainStep(net, softmaxCrossEntropy, momentum)
const trained = step(step(step(template, batch), batch), batch)
const NAME = 'linear(2→2)'
const messageOf = (r: E.Either<{ readonly message: string }, unknown>): string =>
  E.isLeft(r) ? r.left.message : 'Right'

describe('checkpoint', () => {
  describe('saveCheckpoint', () => {
    it('should name tensors by their path and keep numbers in the metadata', () => {
      const st = decodeSafeTensors(_.saveCheckpoint(NAME, trained))
      if (E.isLeft(st)) return expect.fail(st.left.message)
      expect(st.right.tensors.map(([n, t]) => [n, [...t.shape]])).toEqual([
        ['params.w', [2, 2]],
        ['params.b', [2]],
        ['opt[0].mu.w', [2, 2]],
        ['opt[0].mu.b', [2]]
      ])
      expect(st.right.metadata).toMatchObject({
        network: NAME,
        step: '3',
        'opt[0].count': '3',
        loss: String(trained.loss)
      })
    })
  })
  describe('loadCheckpoint', () => {
    it('should round-trip a trained state bit for bit, and continue training identically', () => {
      const loaded = _.loadCheckpoint(NAME, template)(_.saveCheckpoint(NAME, trained))
      if (E.isLeft(loaded)) return expect.fail(loaded.left.message)
      expect(loaded.right).toEqual(trained)
      expect(step(loaded.right, batch)).toEqual(step(trained, batch))
    })
    it('should refuse a checkpoint of another network', () => {
      expect(messageOf(_.loadCheckpoint('dense(2→3)', template)(_.saveCheckpoint(NAME, trained)))).toBe(
        'checkpoint is of network "linear(2→2)", expected "dense(2→3)"'
      )
    })
    it('should name a wrong shape or dtype', () => {
      const p3 = linear(2, 3).init(Random.key(1))
      const wide = { params: p3, opt: [{ count: 0, mu: p3 }] as const, key: Random.key(2), step: 0, loss: 0 }
      expect(messageOf(_.loadCheckpoint(NAME, wide as never)(_.saveCheckpoint(NAME, trained))).split('\n')).toEqual([
        'tensor params.w: expected shape [2, 3] float32, found [2, 2] float32',
        'tensor params.b: expected shape [3] float32, found [2] float32',
        'tensor opt[0].mu.w: expected shape [2, 3] float32, found [2, 2] float32',
        'tensor opt[0].mu.b: expected shape [3] float32, found [2] float32'
      ])
      const f64 = { ...trained, params: { ...trained.params, b: Tensor.zeros([2], 'float64') } }
      expect(messageOf(_.loadCheckpoint(NAME, f64 as never)(_.saveCheckpoint(NAME, trained)))).toBe(
        'tensor params.b: expected shape [2] float64, found [2] float32'
      )
    })
    it('should name a missing or an extra tensor', () => {
      const st = decodeSafeTensors(_.saveCheckpoint(NAME, trained))
      if (E.isLeft(st)) return expect.fail(st.left.message)
      const without = encodeSafeTensors({ ...st.right, tensors: st.right.tensors.filter(([n]) => n !== 'opt[0].mu.b') })
      expect(messageOf(_.loadCheckpoint(NAME, template)(without))).toBe(
        'tensor opt[0].mu.b: missing from the checkpoint'
      )
      const extra = encodeSafeTensors({ ...st.right, tensors: [...st.right.tensors, ['params.v', Tensor.zeros([1])]] })
      expect(messageOf(_.loadCheckpoint(NAME, template)(extra))).toBe(
        'tensor params.v: not in this network (extra tensor)'
      )
    })
    it('should name missing or malformed metadata', () => {
      const st = decodeSafeTensors(_.saveCheckpoint(NAME, trained))
      if (E.isLeft(st)) return expect.fail(st.left.message)
      const { 'opt[0].count': _count, ...rest } = st.right.metadata
      const bad = encodeSafeTensors({ ...st.right, metadata: { ...rest, step: 'three', key: '1:x' } })
      expect(messageOf(_.loadCheckpoint(NAME, template)(bad)).split('\n')).toEqual([
        'metadata opt[0].count: expected a number, found undefined',
        'metadata step: expected a number, found "three"',
        'metadata key: expected two 32-bit words as "hi:lo", found "1:x"'
      ])
    })
    it('should pass damaged bytes on as a Left', () => {
      expect(messageOf(_.loadCheckpoint(NAME, template)(new Uint8Array(3)))).toMatch(/^truncated/)
    })
  })
})
