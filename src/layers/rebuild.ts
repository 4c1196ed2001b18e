/**
 * Networks rebuilt from their stage descriptions: the inverse of `specsOf` for a serial network.
 * A checkpoint records `{ inputRow, dtype, stages }`; `rebuild` gives back a network of the same
 * layers (fresh parameters come from its `init`; a checkpoint loader fills in the saved ones).
 *
 * One `switch` over `kind` maps each description to the library constructor that made it; a new
 * kind of layer adds its case here (and to `StageSpec` in spec.ts), and the compiler points at
 * this switch until it does.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as T from '../tensor/index.js'
import type { Layer } from './layer.js'
import type { StageSpec } from './spec.js'
import { specsOf } from './spec.js'
import type { StageLike } from './serial-types.js'
import { input } from './stage.js'
import { serialOf } from './compose.js'
import { dense } from './dense.js'
import { leakyRelu, relu } from './relu.js'
import { sigmoid } from './sigmoid.js'
import { tanh } from './tanh.js'
import { softmax } from './softmax.js'
import { identity } from './identity.js'
import { dropout } from './dropout.js'
import { flatten } from './flatten.js'
import { conv2d } from './conv2d.js'
import { maxPool2d } from './max-pool2d.js'
import { avgPool2d } from './avg-pool2d.js'
import { reshape } from './reshape.js'
import { batchNorm } from './batch-norm.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What a serial network is made of: the row it takes, its dtype, and its stages in order. @category model @since 0.2.0 */
export interface Architecture {
  readonly inputRow: T.Shape
  readonly dtype: T.DType
  readonly stages: ReadonlyArray<StageSpec>
}

/**
 * A network rebuilt at run time: its sizes are known only then, so it is typed as rows in, rows
 * of `number` width out, like `serialOf`'s.
 *
 * @category model
 * @since 0.2.0
 */
export type RebuiltNetwork = Layer<
  [number, ...Array<number>],
  [number, number],
  ReadonlyArray<unknown>,
  ReadonlyArray<unknown>,
  T.DType,
  ReadonlyArray<unknown> | undefined
>

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The library constructor that a stage description came from.
 *
 * @example
 * import { Layer } from 'kanzen'
 * assert.strictEqual(Layer.build(Layer.input(3), Layer.stageOf({ kind: 'dense', inputs: 3, units: 2 })).name, 'dense(3→2)')
 *
 * @category operations
 * @since 0.2.0
 */
export const stageOf = (spec: StageSpec): StageLike => {
  switch (spec.kind) {
    case 'dense':
      return dense(spec.units)
    case 'relu':
      return relu()
    case 'leakyRelu':
      return leakyRelu(spec.alpha)
    case 'sigmoid':
      return sigmoid()
    case 'tanh':
      return tanh()
    case 'softmax':
      return softmax()
    case 'identity':
      return identity()
    case 'dropout':
      return dropout(spec.rate)
    case 'flatten':
      return flatten()
    case 'conv2d':
      return conv2d({ filters: spec.filters, kernel: [spec.kernel[0], spec.kernel[1]], stride: [spec.stride[0], spec.stride[1]], padding: [spec.padding[0], spec.padding[1]] })
    case 'maxPool2d':
      return maxPool2d({ size: [spec.size[0], spec.size[1]], stride: [spec.stride[0], spec.stride[1]] })
    case 'avgPool2d':
      return avgPool2d({ size: [spec.size[0], spec.size[1]], stride: [spec.stride[0], spec.stride[1]] })
    case 'reshape':
      return reshape(spec.row)
    case 'batchNorm':
      return batchNorm({ momentum: spec.momentum, epsilon: spec.epsilon })
    default:
      return unknownKind(spec)
  }
}

/**
 * The network an architecture describes, or a `Left` naming the stage that cannot follow the one
 * before it (a dense layer whose recorded `inputs` is not the width it receives, …).
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Layer } from 'kanzen'
 * const net = Layer.rebuild({ inputRow: [4], dtype: 'float32', stages: [{ kind: 'dense', inputs: 4, units: 3 }, { kind: 'relu' }] })
 * assert.ok(E.isRight(net) && net.right.name === 'serial(dense(4→3), relu)')
 * const bad = Layer.rebuild({ inputRow: [4], dtype: 'float32', stages: [{ kind: 'dense', inputs: 5, units: 3 }] })
 * assert.ok(E.isLeft(bad) && bad.left === 'stage 0: expected {"kind":"dense","inputs":4,"units":3} from the width before it, found {"kind":"dense","inputs":5,"units":3}')
 *
 * @category operations
 * @since 0.2.0
 */
export const rebuild = (a: Architecture): E.Either<string, RebuiltNetwork> => {
  if (a.stages.length === 0) return E.left('stages: expected at least one stage, found none')
  const built = T.attempt(() => serialOf(input(a.inputRow, a.dtype), a.stages.map(stageOf)))
  if (E.isLeft(built)) return E.left(built.left.message)
  const specs = specsOf(built.right)
  if (!('specs' in specs)) return E.left(`stage ${specs.missing.path}: rebuilt without a description`)
  for (const [i, s] of a.stages.entries()) {
    const got = T.at(specs.specs, i)
    if (canonical(got) !== canonical(s))
      return E.left(`stage ${i}: expected ${JSON.stringify(got)} from the width before it, found ${JSON.stringify(s)}`)
  }
  return E.right(built.right)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// The same description whatever the order of its fields (descriptions are flat records).
const canonical = (s: StageSpec): string => JSON.stringify(s, Object.keys(s).sort())

// Reached only if a description's kind is not in StageSpec (the compiler checks the cases above).
const unknownKind = (spec: never): never => T.failShape('stageOf', 'a known stage kind', JSON.stringify(spec))
