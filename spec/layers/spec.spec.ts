import { describe, expect, it } from 'vitest'
import * as Layer from '../../src/layers/index.js'
import * as R from '../../src/random/index.js'
import * as T from '../../src/tensor/index.js'

describe('stage descriptions', () => {
  it('should describe every stage the library builds, with the numbers it was given', () => {
    const net = Layer.serial(
      Layer.input([2, 3]),
      Layer.flatten(),
      Layer.dense(5),
      Layer.relu(),
      Layer.leakyRelu(0.1),
      Layer.sigmoid(),
      Layer.tanh(),
      Layer.dropout(0.25),
      Layer.identity(),
      Layer.dense(4),
      Layer.softmax()
    )
    expect(Layer.specsOf(net)).toEqual({
      specs: [
        { kind: 'flatten' },
        { kind: 'dense', inputs: 6, units: 5 },
        { kind: 'relu' },
        { kind: 'leakyRelu', alpha: 0.1 },
        { kind: 'sigmoid' },
        { kind: 'tanh' },
        { kind: 'dropout', rate: 0.25 },
        { kind: 'identity' },
        { kind: 'dense', inputs: 5, units: 4 },
        { kind: 'softmax' }
      ]
    })
  })

  it('should open nested composites and pair each leaf with its parameters and path', () => {
    const inner = Layer.andThen(Layer.dense(3, 2), Layer.dense(2, 2))
    const net = Layer.serial(Layer.input(3), inner, Layer.relu(), Layer.dense(1))
    const params = net.init(R.key(0))
    const leaves = Layer.leavesOf(net, params)
    expect(leaves.map((l) => l.path)).toEqual(['[0][0]', '[0][1]', '[1]', '[2]'])
    expect(leaves.map((l) => l.layer.name)).toEqual(['dense(3→2)', 'dense(2→2)', 'relu', 'dense(2→1)'])
    expect(leaves[1]?.params).toBe(params[0][1])
    expect(leaves[3]?.params).toBe(params[2])
  })

  it('should name the first layer that has no description', () => {
    const handWritten: Layer.AnyLayer = { ...Layer.dense(2, 2), spec: undefined, name: 'mine' }
    const { spec: _spec, ...bare } = handWritten
    const net = Layer.serialOf(Layer.input(2), [Layer.relu(), bare])
    expect(Layer.specsOf(net)).toEqual({ missing: { path: '[1]', name: 'mine' } })
  })

  it('should give a primitive layer as its own single leaf', () => {
    const d = Layer.dense(2, 3)
    const p = d.init(R.key(1))
    expect(Layer.leavesOf(d, p)).toEqual([{ layer: d, params: p, path: '' }])
    expect(T.sameShape(p.w.shape, [2, 3])).toBe(true)
  })
})
