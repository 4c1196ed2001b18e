import { describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

const mnist = _.serialOf(_.input(784), [_.dense(512), _.relu(), _.dense(256), _.relu(), _.dense(10)])

describe('summary', () => {
  it("should list the stages of the default MNIST network with Keras's counts (i·u + u per dense layer)", () => {
    const s = _.summaryOf(mnist)
    expect(s.rows.map((r) => [r.path, r.name, r.kind, r.outputRow, r.params])).toEqual([
      ['[0]', 'dense(784→512)', 'dense', [512], 784 * 512 + 512],
      ['[1]', 'relu', 'relu', [512], 0],
      ['[2]', 'dense(512→256)', 'dense', [256], 512 * 256 + 256],
      ['[3]', 'relu', 'relu', [256], 0],
      ['[4]', 'dense(256→10)', 'dense', [10], 256 * 10 + 10]
    ])
    expect(s.total).toBe(535_818)
  })
  it('should print an aligned table and the total', () => {
    expect(_.summary(mnist).split('\n')).toEqual([
      'stage  layer           output     params',
      '[0]    dense(784→512)  [B, 512]  401,920',
      '[1]    relu            [B, 512]        0',
      '[2]    dense(512→256)  [B, 256]  131,328',
      '[3]    relu            [B, 256]        0',
      '[4]    dense(256→10)   [B, 10]     2,570',
      'total parameters: 535,818 (2.04 MiB as float32), input [B, 784] float32'
    ])
  })
  it('should open nested composites and count a hand-written layer from its parameters', () => {
    const scale: _.Layer<[number, 3], [number, 3], { readonly s: Tensor.Tensor<[3]> }, null> = {
      name: 'scale',
      dtype: 'float32',
      inputRow: [3],
      outputRow: [3],
      init: () => ({ s: Tensor.ones([3]) }),
      forward: (p, x) => [Tensor.mul(x, Tensor.addRow(Tensor.zeros([x.shape[0], 3] as [number, 3]), p.s)), null],
      backward: (_p, _t, d) => [{ s: Tensor.zeros([3]) }, d]
    }
    const net = _.serial(_.input(2), _.serial(_.input(2), _.dense(3), _.tanh()), scale, _.dense(1))
    const s = _.summaryOf(net, net.init(Random.key(1)))
    expect(s.rows.map((r) => [r.path, r.kind, r.params])).toEqual([
      ['[0][0]', 'dense', 9],
      ['[0][1]', 'tanh', 0],
      ['[1]', undefined, 3],
      ['[2]', 'dense', 4]
    ])
    expect(s.total).toBe(16)
  })
})
