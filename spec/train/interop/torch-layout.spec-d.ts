import type * as E from 'fp-ts/lib/Either.js'
import { describe, expectTypeOf, it } from 'vitest'
import { Layer, Random } from '../../../src/index.js'
import * as _ from '../../../src/train/index.js'

const net = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2))
type P = ReturnType<typeof net.init>
const other = Layer.serial(Layer.input(4), Layer.dense(5))

describe('interop (types)', () => {
  it("should give importTorch's parameters the network's own parameter type", () => {
    expectTypeOf(_.importTorch(net, new Uint8Array())).toEqualTypeOf<E.Either<_.InteropError, P>>()
  })
  it('should export only parameters of the network given', () => {
    expectTypeOf(_.exportOnnx(net, net.init(Random.key(0)))).toEqualTypeOf<E.Either<_.InteropError, Uint8Array>>()
    // @ts-expect-error: parameters of a 4→5 network are not those of 4→3→2
    _.exportOnnx(net, other.init(Random.key(0)))
    // @ts-expect-error: the same for the PyTorch layout
    _.exportTorch(net, other.init(Random.key(0)))
  })
})
