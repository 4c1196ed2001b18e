/**
 * The checkpoint decoder, fuzzed: 10,000 random and mutated files, each giving named tensors or a
 * `CheckpointError`, never a throw, and never more tensor data than the file holds (so nothing is
 * allocated beyond the file's own size), and never a non-finite value.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Random, Tensor, Train } from '../../../src/index.js'
import * as _ from '../../../src/train/checkpoint/safetensors.js'

const state = { params: [{ w: Tensor.tensor([[1, 2], [3, 4]]), b: Tensor.tensor([0.5, -0.5]) }], opt: [{ count: 3, mu: [{ w: Tensor.zeros([2, 2]) }] }], key: Random.key(1), step: 3, loss: 0.25 }
const seeds = [
  Train.saveCheckpoint('tiny', state),
  _.encodeSafeTensors({ tensors: [['x', Tensor.tensor([1 / 3, 2], 'float64')], ['e', Tensor.zeros([0, 5])]], metadata: {} })
]

// A file with the given header text (length field included) and data bytes.
const withHeader = (header: string, data: Uint8Array): Uint8Array => {
  const h = new TextEncoder().encode(header)
  const out = new Uint8Array(8 + h.length + data.length)
  new DataView(out.buffer).setUint32(0, h.length, true)
  out.set(h, 8)
  out.set(data, 8 + h.length)
  return out
}
const headerOf = (bytes: Uint8Array): string => new TextDecoder().decode(bytes.subarray(8, 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true)))
const dataOf = (bytes: Uint8Array): Uint8Array => bytes.subarray(8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true))

// Header edits that keep it JSON: one tensor's field replaced by a random JSON value.
const headerEdit = fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.constantFrom('dtype', 'shape', 'data_offsets'), fc.jsonValue({ maxDepth: 3 })).map(([s, i, field, value]) => {
  const h = JSON.parse(headerOf(s)) as Record<string, Record<string, unknown>>
  const names = Object.keys(h).filter((k) => k !== '__metadata__')
  const name = names[i % names.length]!
  h[name] = { ...h[name], [field]: value }
  return withHeader(JSON.stringify(h), dataOf(s))
})

const files = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([s, flips]) => {
    const b = Uint8Array.from(s)
    for (const [at, v] of flips) b[at % b.length] = v
    return b
  }),
  fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([s, n]) => s.subarray(0, n % (s.length + 1))),
  headerEdit,
  fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.uint8Array({ maxLength: 64 })).map(([j, d]) => withHeader(JSON.stringify(j) ?? 'null', d)),
  fc.tuple(fc.constantFrom(...seeds), fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 8 })).map(([s, n, hi]) => {
    const b = Uint8Array.from(s)
    new DataView(b.buffer).setUint32(0, n, true)
    new DataView(b.buffer).setUint32(4, hi, true)
    return b
  })
)

describe('safetensors (fuzzed)', () => {
  it('should give tensors or an error for 10,000 random and mutated files: never a throw, never more data than the file', () => {
    let decoded = 0
    fc.assert(
      fc.property(files, (bytes) => {
        const r = _.decodeSafeTensors(bytes)
        if (E.isLeft(r)) return r.left._tag === 'CheckpointError' && r.left.message.split('\n').length <= _.maxProblems + 1
        decoded++
        const held = r.right.tensors.reduce((n, [, x]) => n + x.data.byteLength, 0)
        return held <= bytes.length && r.right.tensors.every(([, x]) => Array.from(x.data).every(Number.isFinite))
      }),
      { numRuns: 10_000, seed: 16 }
    )
    expect(decoded).toBeGreaterThan(20)
  })
  it('should load a checkpoint against its template or refuse it, for mutated files', () => {
    fc.assert(
      fc.property(files, (bytes) => {
        const r = Train.loadCheckpoint('tiny', state)(bytes)
        return E.isLeft(r) ? typeof r.left.message === 'string' : r.right.params[0]?.w.shape[0] === 2
      }),
      { numRuns: 2_000, seed: 17 }
    )
  })
})
