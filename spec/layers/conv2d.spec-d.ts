import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

describe('conv2d and pooling shapes (type level)', () => {
  it('should infer every intermediate shape of the MNIST CNN: 28 → 14 → 7', () => {
    const net = _.serial(
      _.input([1, 28, 28]),
      _.conv2d({ filters: 16, kernel: 3, padding: 1 }),
      _.relu(),
      _.maxPool2d({ size: 2 }),
      _.conv2d({ filters: 32, kernel: 3, padding: 1 }),
      _.relu(),
      _.maxPool2d({ size: 2 }),
      _.flatten(),
      _.dense(128),
      _.relu(),
      _.dense(10)
    )
    expectTypeOf(net).toEqualTypeOf<_.Layer<[number, 1, 28, 28], [number, 10], _.ParamsOf<typeof net>, _.TapeOf<typeof net>>>()
    type P = _.ParamsOf<typeof net>
    expectTypeOf<P[0]['w']>().toEqualTypeOf<Tensor.Tensor<[16, 1, 3, 3]>>()
    expectTypeOf<P[3]['w']>().toEqualTypeOf<Tensor.Tensor<[32, 16, 3, 3]>>()
    expectTypeOf<P[7]['w']>().toEqualTypeOf<Tensor.Tensor<[1568, 128]>>()
  })
  it('should feed flat [number, 784] data through reshape', () => {
    const net = _.serial(_.input(784), _.reshape([1, 28, 28]), _.conv2d({ filters: 8, kernel: 5 }), _.maxPool2d({ size: 2 }), _.flatten())
    expectTypeOf(_.build(_.input(784), _.reshape([1, 28, 28]))).toMatchTypeOf<_.Layer<[number, 784], [number, 1, 28, 28], _.NoParams, null>>()
    expectTypeOf<_.OutputOf<typeof net>>().toEqualTypeOf<[number, 1152]>()
  })
  it('should compute stride 2, rectangular kernels, same padding, and 224-pixel inputs', () => {
    const stem = _.serial(
      _.input([3, 224, 224]),
      _.conv2d({ filters: 64, kernel: 7, stride: 2, padding: 3 }),
      _.maxPool2d({ size: 3, stride: 2 }),
      _.conv2d({ filters: 128, kernel: 3, padding: 'same' }),
      _.avgPool2d({ size: 2 })
    )
    expectTypeOf<_.OutputOf<typeof stem>>().toEqualTypeOf<[number, 128, 27, 27]>()
    const rect = _.serial(_.input([2, 10, 9]), _.conv2d({ filters: 4, kernel: [3, 1], stride: [2, 1], padding: [1, 0] }))
    expectTypeOf<_.OutputOf<typeof rect>>().toEqualTypeOf<[number, 4, 5, 9]>()
    const big = _.serial(_.input([3, 224, 224]), _.conv2d({ filters: 8, kernel: 3, stride: 2 }), _.flatten())
    expectTypeOf<_.OutputOf<typeof big>>().toEqualTypeOf<[number, 98568]>()
  })
  it('should give number where the input size is only known at run time', () => {
    const n = 28 as number
    const net = _.serial(_.input([1, n, n]), _.conv2d({ filters: 4, kernel: 3 }))
    expectTypeOf<_.OutputOf<typeof net>>().toEqualTypeOf<[number, 4, number, number]>()
  })
  it('should reject a kernel larger than the padded input, naming the numbers', () => {
    // @ts-expect-error conv2d(4, 5×5): the window height 5 is larger than the padded input height 3 + 2·0 = 3
    _.serial(_.input([1, 3, 3]), _.conv2d({ filters: 4, kernel: 5 }))
    // @ts-expect-error the window width 3 is larger than the padded input width 2 + 2·0 = 2
    _.serial(_.input([1, 9, 2]), _.conv2d({ filters: 4, kernel: 3 }))
  })
  it('should reject a pool that does not fit: 7 → 3 → 1 → nothing', () => {
    _.serial(_.input([1, 7, 7]), _.maxPool2d({ size: 2 }), _.maxPool2d({ size: 2 }))
    // @ts-expect-error maxPool2d(2×2): the window height 2 is larger than the padded input height 1 + 2·0 = 1
    _.serial(_.input([1, 7, 7]), _.maxPool2d({ size: 2 }), _.maxPool2d({ size: 2 }), _.maxPool2d({ size: 2 }))
  })
  it('should reject a conv stage after a flat input without reshape', () => {
    // @ts-expect-error conv2d(16, 3×3) takes a batch of images [number, channels, height, width], found [number, 784]: reshape([channels, height, width]) first
    _.serial(_.input(784), _.conv2d({ filters: 16, kernel: 3 }))
  })
  it("should reject padding 'same' with an even kernel or stride 2", () => {
    // @ts-expect-error padding 'same' needs an odd kernel, found 2×2
    _.serial(_.input([1, 8, 8]), _.conv2d({ filters: 1, kernel: 2, padding: 'same' }))
    // @ts-expect-error padding 'same' needs stride 1, found 2×2
    _.serial(_.input([1, 8, 8]), _.conv2d({ filters: 1, kernel: 3, stride: 2, padding: 'same' }))
  })
  it('should reject a conv output that disagrees with a pre-built dense width', () => {
    // @ts-expect-error expected a layer taking [number, 1568], found one taking [number, 1600]
    _.serial(_.input([1, 28, 28]), _.conv2d({ filters: 8, kernel: 3, padding: 1 }), _.maxPool2d({ size: 2 }), _.flatten(), _.dense(1600, 10))
    // @ts-expect-error reshape([1, 28, 27]) needs 756 values per example, found 784
    _.serial(_.input(784), _.reshape([1, 28, 27]))
  })
})
