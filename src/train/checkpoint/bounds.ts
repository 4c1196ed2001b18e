/**
 * Sizes before allocation. A checkpoint's metadata describes its network (today the `network`
 * string, soon a stage description), and a loader builds that network before it compares the
 * tensors. A description may name any width (`hidden: [5000000000]`), so its size is checked first,
 * from the shapes alone, against a documented limit and against the values the file really holds:
 *
 *   n = Σ over parameter tensors of Π shape      (in float64: a huge width is a number, not an overflow)
 *   n ≤ maxParameters  and  n ≤ Σ over the checkpoint's tensors of their sizes
 *
 * The second bound ties what is allocated to the size of the file: a network cannot be larger than
 * the parameters it is loaded from.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CheckpointError, SafeTensors } from './safetensors.js'
import { fail } from './safetensors.js'

/**
 * The most parameters a network described by a checkpoint may have: 2²⁸ = 268,435,456 values
 * (1 GiB of float32).
 *
 * @category model
 * @since 0.1.0
 */
export const maxParameters = 2 ** 28

/**
 * Check, before building it, that a network whose parameter tensors have `shapes` can be the one
 * stored in `checkpoint` (a decoded safetensors file); `Right` is its number of parameters.
 *
 * @example
 * import { Tensor, Train } from 'kanzen'
 * import * as E from 'fp-ts/lib/Either.js'
 * const st = { tensors: [['params.w', Tensor.zeros([2, 3])]] as const, metadata: {} }
 * assert.deepStrictEqual(Train.checkNetworkSize([[2, 3]], st), E.right(6))
 * assert.ok(E.isLeft(Train.checkNetworkSize([[784, 5000000000]], st)))
 * assert.ok(E.isLeft(Train.checkNetworkSize([[4, 3]], st)))
 *
 * @category operations
 * @since 0.1.0
 */
export const checkNetworkSize = (
  shapes: ReadonlyArray<ReadonlyArray<number>>,
  checkpoint: SafeTensors
): E.Either<CheckpointError, number> => {
  const bad = shapes.find((s) => s.some((d) => !Number.isSafeInteger(d) || d < 0))
  if (bad !== undefined) return fail(`the network it describes has a tensor of shape [${bad.slice(0, 8).join(', ')}${bad.length > 8 ? ', …' : ''}], which is not a list of sizes`)
  const n = shapes.reduce((sum, s) => sum + s.reduce((p, d) => p * d, 1), 0)
  const held = checkpoint.tensors.reduce((sum, [, x]) => sum + x.size, 0)
  if (n > maxParameters)
    return fail(`the network it describes has ${show(n)} parameters, more than the limit of ${show(maxParameters)}`)
  if (n > held)
    return fail(`the network it describes has ${show(n)} parameters, but the file holds only ${show(held)} values: its description does not match its tensors`)
  return E.right(n)
}

const show = (n: number): string => (n < 1e15 ? n.toLocaleString('en-US') : n.toExponential(2))
