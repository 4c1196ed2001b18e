import { describe, expectTypeOf, it } from 'vitest'
import type { Layer, Tensor } from '../../../src/index.js'
import { typedCnn } from '../../../scripts/lib/mnist-cnn.js'

describe('the default MNIST CNN (type level)', () => {
  it('should be typed [number, 784] → [number, 10] with every size computed: 28 → 14 → 7, 64·7·7 = 3136', () => {
    const net = typedCnn()
    expectTypeOf<Layer.InputOf<typeof net>>().toEqualTypeOf<[number, 784]>()
    expectTypeOf<Layer.OutputOf<typeof net>>().toEqualTypeOf<[number, 10]>()
    type P = Layer.ParamsOf<typeof net>
    expectTypeOf<P[1]['w']>().toEqualTypeOf<Tensor.Tensor<[32, 1, 3, 3]>>()
    expectTypeOf<P[4]['w']>().toEqualTypeOf<Tensor.Tensor<[64, 32, 3, 3]>>()
    expectTypeOf<P[8]['w']>().toEqualTypeOf<Tensor.Tensor<[3136, 128]>>()
  })
})
