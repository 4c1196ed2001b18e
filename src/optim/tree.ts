/**
 * The tree walk under its optimizer names: `mapParams`, `zipParams` and `leaves` are `Tree.map`,
 * `Tree.zip` and `Tree.leaves` (src/tree/tree.ts), kept here because optimizers were written
 * against these names and users call `Optim.mapParams`.
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import * as Tr from '../tree/index.js'

/** Any parameter tree (`Tree.Tree`). @category model @since 0.1.0 */
export type Tree = Tr.Tree
/** A shape-preserving leaf function (`Tree.LeafMap`). @category model @since 0.1.0 */
export type LeafMap = Tr.LeafMap
/** A shape-preserving two-argument leaf function (`Tree.LeafZip`). @category model @since 0.1.0 */
export type LeafZip = Tr.LeafZip

/**
 * Apply a shape-preserving function to every tensor of a tree (`Tree.map`).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const p = { w: Tensor.ones([2]), b: Tensor.zeros([1]) }
 * const doubled = Optim.mapParams((t) => Tensor.scale(t, 2))(p)
 * assert.deepStrictEqual(Tensor.toArray(doubled.w), [2, 2])
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapParams = (f: LeafMap): (<P>(tree: P) => P) => Tr.map(f)

/**
 * Combine two trees of the same structure leaf by leaf (`Tree.zip`); a different structure or
 * leaf shape is a `RangeError` naming the first path that differs.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const sum = Optim.zipParams((a, b) => Tensor.add(a, b))({ w: Tensor.ones([2]) }, { w: Tensor.ones([2]) })
 * assert.deepStrictEqual(Tensor.toArray(sum.w), [2, 2])
 *
 * @category combinators
 * @since 0.1.0
 */
export const zipParams = (f: LeafZip): (<P>(a: P, b: P) => P) => Tr.zip(f)

/**
 * Every tensor of a tree with its path (`Tree.leaves`).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const found = Optim.leaves([{ w: Tensor.ones([2]) }])
 * assert.deepStrictEqual(found.map(([path]) => path), ['params[0].w'])
 *
 * @category utils
 * @since 0.1.0
 */
export const leaves = <P>(tree: P): ReadonlyArray<readonly [string, T.AnyTensor]> => Tr.leaves(tree)
