/**
 * Parameter trees: a tensor, a readonly tuple of trees, or a readonly record of trees. Layers
 * nest their parameters this way, gradients have the same tree type, and optimizers walk any
 * tree with these few functions. This is the one module where casts live: a shape-preserving
 * leaf function applied everywhere gives back a tree of the same type, which TypeScript cannot
 * prove about a recursive walk.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Any parameter tree. @category model @since 0.1.0 */
export type Tree = T.Tensor<T.Shape, T.DType> | ReadonlyArray<Tree> | { readonly [field: string]: Tree }

/** A leaf function that keeps each tensor's shape and dtype. @category model @since 0.1.0 */
export type LeafMap = <S extends T.Shape, D extends T.DType>(t: T.Tensor<S, D>, path: string) => T.Tensor<S, D>

/** A two-argument leaf function that keeps shape and dtype. @category model @since 0.1.0 */
export type LeafZip = <S extends T.Shape, D extends T.DType>(a: T.Tensor<S, D>, b: T.Tensor<S, D>, path: string) => T.Tensor<S, D>

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Apply a shape-preserving function to every tensor of a tree.
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
export const mapParams =
  (f: LeafMap) =>
  <P>(tree: P): P =>
    walk1(tree as unknown as Tree, f, 'params') as unknown as P

/**
 * Combine two trees of the same structure leaf by leaf. A different structure or leaf shape
 * (gradients for another network) stops with a `RangeError` naming the path, e.g.
 * `zipParams: expected params[0].w of shape [784, 100], found [784, 50]`.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const sum = Optim.zipParams((a, b) => Tensor.add(a, b))({ w: Tensor.ones([2]) }, { w: Tensor.ones([2]) })
 * assert.deepStrictEqual(Tensor.toArray(sum.w), [2, 2])
 *
 * @category combinators
 * @since 0.1.0
 */
export const zipParams =
  (f: LeafZip) =>
  <P>(a: P, b: P): P =>
    walk2(a as unknown as Tree, b as unknown as Tree, f, 'params') as unknown as P

/**
 * Every tensor of a tree with its path (`params[0].w`), in a fixed order: tuple index order,
 * then record fields in the order they were written.
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const leaves = Optim.leaves([{ w: Tensor.ones([2]) }])
 * assert.deepStrictEqual(leaves.map(([path]) => path), ['params[0].w'])
 *
 * @category utils
 * @since 0.1.0
 */
export const leaves = <P>(tree: P): ReadonlyArray<readonly [string, T.AnyTensor]> => {
  const out: Array<readonly [string, T.AnyTensor]> = []
  walk1(tree as unknown as Tree, (t, path) => (out.push([path, t]), t), 'params')
  return out
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const isTensor = (x: unknown): x is T.AnyTensor =>
  typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && 'dtype' in x

const walk1 = (tree: Tree, f: LeafMap, path: string): Tree => {
  if (isTensor(tree)) return f(tree, path)
  if (Array.isArray(tree)) return tree.map((t: Tree, i) => walk1(t, f, `${path}[${i}]`))
  const rec = tree as { readonly [field: string]: Tree }
  return Object.fromEntries(Object.keys(rec).map((k) => [k, walk1(rec[k]!, f, `${path}.${k}`)]))
}

const walk2 = (a: Tree, b: Tree, f: LeafZip, path: string): Tree => {
  if (isTensor(a)) {
    if (!isTensor(b)) return T.failShape('zipParams', `a tensor at ${path}`, 'a subtree')
    if (!T.sameShape(a.shape, b.shape) || a.dtype !== b.dtype) {
      return T.failShape('zipParams', `${path} of shape ${T.showShape(a.shape)} ${a.dtype}`, `${T.showShape(b.shape)} ${b.dtype}`)
    }
    return f(a, b, path)
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || b.length !== a.length) {
      return T.failShape('zipParams', `a tuple of ${a.length} at ${path}`, Array.isArray(b) ? `${b.length} elements` : 'something else')
    }
    return a.map((t: Tree, i) => walk2(t, (b as ReadonlyArray<Tree>)[i]!, f, `${path}[${i}]`))
  }
  const ra = a as { readonly [field: string]: Tree }
  if (isTensor(b) || Array.isArray(b)) return T.failShape('zipParams', `a record at ${path}`, 'something else')
  const rb = b as { readonly [field: string]: Tree }
  const ka = Object.keys(ra)
  const kb = Object.keys(rb)
  if (ka.length !== kb.length || ka.some((k) => !(k in rb))) {
    return T.failShape('zipParams', `fields {${ka.join(', ')}} at ${path}`, `{${kb.join(', ')}}`)
  }
  return Object.fromEntries(ka.map((k) => [k, walk2(ra[k]!, rb[k]!, f, `${path}.${k}`)]))
}
