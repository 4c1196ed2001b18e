import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/layers/index.js'

describe('rebuild', () => {
  it('should give back a network with the same descriptions, for every kind of stage', () => {
    const net = _.serialOf(_.input([2, 3]), [
      _.flatten(),
      _.dense(4),
      _.relu(),
      _.leakyRelu(0.2),
      _.sigmoid(),
      _.tanh(),
      _.identity(),
      _.dropout(0.5),
      _.dense(3),
      _.softmax()
    ])
    const specs = _.specsOf(net)
    if (!('specs' in specs)) return expect.fail('specs')
    expect(new Set(specs.specs.map((s) => s.kind)).size).toBe(9)
    const again = _.rebuild({ inputRow: [2, 3], dtype: 'float32', stages: specs.specs })
    expect(E.isRight(again) && [again.right.name, _.specsOf(again.right)]).toEqual([net.name, specs])
  })
  it('should give back batch norm after a convolution and after a dense layer, with its momentum and epsilon, and a state', () => {
    const net = _.serialOf(_.input([1, 4, 4]), [_.conv2d({ filters: 2, kernel: 3 }), _.batchNorm({ momentum: 0.3, epsilon: 1e-3 }), _.flatten(), _.dense(3), _.batchNorm()])
    const specs = _.specsOf(net)
    if (!('specs' in specs)) return expect.fail('specs')
    expect(specs.specs.filter((s) => s.kind === 'batchNorm')).toEqual([
      { kind: 'batchNorm', features: 2, momentum: 0.3, epsilon: 1e-3 },
      { kind: 'batchNorm', features: 3, momentum: 0.1, epsilon: 1e-5 }
    ])
    const again = _.rebuild({ inputRow: [1, 4, 4], dtype: 'float32', stages: specs.specs })
    if (E.isLeft(again)) return expect.fail(again.left)
    expect([again.right.name, _.specsOf(again.right)]).toEqual([net.name, specs])
    expect(_.initialState(again.right)).toEqual(_.initialState(net))
  })
  it('should give back a convolutional network (reshape, conv2d, both pools) with the same descriptions', () => {
    const net = _.serialOf(_.input([64]), [
      _.reshape([1, 8, 8]),
      _.conv2d({ filters: 3, kernel: 3, stride: 1, padding: 1 }),
      _.maxPool2d({ size: 2 }),
      _.conv2d({ filters: 2, kernel: [2, 3], stride: [1, 2], padding: [0, 1] }),
      _.avgPool2d({ size: 1 }),
      _.flatten(),
      _.dense(4)
    ])
    const specs = _.specsOf(net)
    if (!('specs' in specs)) return expect.fail('specs')
    expect(specs.specs.map((s) => s.kind)).toEqual(['reshape', 'conv2d', 'maxPool2d', 'conv2d', 'avgPool2d', 'flatten', 'dense'])
    const again = _.rebuild({ inputRow: [64], dtype: 'float32', stages: specs.specs })
    expect(E.isRight(again) && [again.right.name, _.specsOf(again.right)]).toEqual([net.name, specs])
    const wrong = specs.specs.map((s) => (s.kind === 'conv2d' && s.filters === 2 ? { ...s, inChannels: 5 } : s))
    expect(E.isLeft(_.rebuild({ inputRow: [64], dtype: 'float32', stages: wrong }))).toBe(true)
  })
  it('should name a stage that cannot follow the one before it, and refuse no stages', () => {
    expect(_.rebuild({ inputRow: [4], dtype: 'float32', stages: [{ kind: 'relu' }, { kind: 'dense', inputs: 3, units: 2 }] })).toEqual(
      E.left('stage 1: expected {"kind":"dense","inputs":4,"units":2} from the width before it, found {"kind":"dense","inputs":3,"units":2}')
    )
    expect(_.rebuild({ inputRow: [4], dtype: 'float32', stages: [] })).toEqual(E.left('stages: expected at least one stage, found none'))
  })
})
