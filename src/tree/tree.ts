/**
 * Parameter trees: a tensor, a readonly tuple of trees, or a readonly record of trees. Layers
 * nest their parameters this way, gradients have the same tree type, optimizers walk any tree,
 * the gradient check moves one leaf at a time, the L2 penalty maps the weights and checkpoints
 * name every leaf by its path. All of them walk trees with these few functions, on the ground
 * floor (above `tensor` only) so that every folder may use them.
 *
 * Paths read as code would: `params[0].w` — tuple elements as `[i]`, record fields as `.name`,
 * from a root name (`params` unless told otherwise). The order is fixed: tuple index order, then
 * record fields in the order they were written.
 *
 * This is, with the tensor core, the one module where casts live: a shape-preserving leaf
 * function applied everywhere gives back a tree of the same type, which TypeScript cannot prove
 * about a recursive walk.
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

/** A leaf of a state tree: a tensor, or a number (Adam's step count). @category model @since 0.1.0 */
export type Leaf = T.AnyTensor | number

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Apply a shape-preserving function to every tensor of a tree.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * const p = { w: Tensor.ones([2]), b: Tensor.zeros([1]) }
 * const doubled = Tree.map((t) => Tensor.scale(t, 2))(p)
 * assert.deepStrictEqual(Tensor.toArray(doubled.w), [2, 2])
 *
 * @category combinators
 * @since 0.1.0
 */
export const map =
  (f: LeafMap, root: string = 'params') =>
  <P>(tree: P): P =>
    mapLeaves((leaf, path) => (isTensor(leaf) ? f(leaf, path) : leaf), root)(tree)

/**
 * Combine two trees of the same structure leaf by leaf. A different structure or leaf shape
 * (gradients for another network) stops with a `RangeError` naming the first path that differs,
 * e.g. `zipParams: expected params[0].w of shape [784, 100], found [784, 50]`.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * const sum = Tree.zip((a, b) => Tensor.add(a, b))({ w: Tensor.ones([2]) }, { w: Tensor.ones([2]) })
 * assert.deepStrictEqual(Tensor.toArray(sum.w), [2, 2])
 * assert.throws(() => Tree.zip((a, b) => a)({ w: Tensor.ones([2]) }, { w: Tensor.ones([3]) }), /params\.w of shape \[2\]/)
 *
 * @category combinators
 * @since 0.1.0
 */
export const zip =
  (f: LeafZip, root: string = 'params') =>
  <P>(a: P, b: P): P => {
    const problem = firstDifference(a, b, root)
    if (problem !== undefined) return T.failShape('zipParams', problem[0], problem[1])
    // Same structure, checked just above: walk both at once.
    return walkBoth(a, b, root, f) as P
  }

/**
 * Rebuild a tree with every leaf (tensor or number) replaced by `f(leaf, path)`; anything else
 * (null, strings) is kept. The general walk behind `map`; checkpoints use it to restore a state
 * from a template, numbers included.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * const out = Tree.mapLeaves((leaf, path) => (typeof leaf === 'number' ? path : leaf), 'opt')({ count: 3 })
 * assert.deepStrictEqual(out, { count: 'opt.count' })
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapLeaves =
  (f: (leaf: Leaf, path: string) => unknown, root: string = 'params') =>
  <P>(tree: P): P =>
    // The walk keeps every container and hands each leaf to f: the caller's f decides the leaf type.
    walk(tree, root, f) as P

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Whether a value is a tensor (a record with `data`, `shape` and `dtype`). The one definition
 * every folder uses.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * assert.deepStrictEqual([Tree.isTensor(Tensor.zeros([1])), Tree.isTensor([1]), Tree.isTensor(null)], [true, false, false])
 *
 * @category utils
 * @since 0.1.0
 */
export const isTensor = (x: unknown): x is T.AnyTensor =>
  typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && 'dtype' in x

/**
 * Every tensor of a tree with its path (`params[0].w`), in a fixed order: tuple index order,
 * then record fields in the order they were written.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * const found = Tree.leaves([{ w: Tensor.ones([2]) }, { count: 1, b: Tensor.zeros([1]) }])
 * assert.deepStrictEqual(found.map(([path]) => path), ['params[0].w', 'params[1].b'])
 *
 * @category utils
 * @since 0.1.0
 */
export const leaves = <P>(tree: P, root: string = 'params'): ReadonlyArray<readonly [string, T.AnyTensor]> =>
  entries(tree, root).flatMap(([path, leaf]) => (isTensor(leaf) ? [[path, leaf] as const] : []))

/**
 * Every tensor of a tree, in `leaves`' order, without building their paths: for the loops that
 * visit every tensor at each training step (the guard's scan, the allocator's live set), where
 * the paths would be strings made and dropped a few hundred times a second.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * const found = Tree.tensors([{ w: Tensor.ones([2]) }, { count: 1, b: Tensor.zeros([1]) }])
 * assert.deepStrictEqual(found.map((t) => t.size), [2, 1])
 *
 * @category utils
 * @since 0.3.0
 */
export const tensors = (tree: unknown): ReadonlyArray<T.AnyTensor> => {
  const out: Array<T.AnyTensor> = []
  collect(tree, out)
  return out
}

const collect = (tree: unknown, out: Array<T.AnyTensor>): void => {
  if (isTensor(tree)) out.push(tree)
  else if (Array.isArray(tree)) for (const x of tree) collect(x, out)
  else if (isRecord(tree)) for (const k of Object.keys(tree)) collect(tree[k], out)
}

/**
 * Every leaf of a tree, numbers included, with its path: what a checkpoint saves.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * const found = Tree.entries({ count: 2, mu: [Tensor.zeros([1])] }, 'opt')
 * assert.deepStrictEqual(found.map(([path]) => path), ['opt.count', 'opt.mu[0]'])
 *
 * @category utils
 * @since 0.1.0
 */
export const entries = (tree: unknown, root: string = 'params'): ReadonlyArray<readonly [string, Leaf]> => {
  const out: Array<readonly [string, Leaf]> = []
  walk(tree, root, (leaf, path) => (out.push([path, leaf]), leaf))
  return out
}

/**
 * The first place where two trees differ in structure, leaf shape or dtype, as
 * `[expected, found]` (for `zip`'s message), or `undefined` when they agree.
 *
 * @example
 * import { Tensor, Tree } from 'kanzen'
 * assert.strictEqual(Tree.firstDifference({ w: Tensor.ones([2]) }, { w: Tensor.ones([2]) }), undefined)
 * assert.deepStrictEqual(Tree.firstDifference([Tensor.ones([2])], []), ['a tuple of 1 at params', '0 elements'])
 *
 * @category utils
 * @since 0.1.0
 */
export const firstDifference = (a: unknown, b: unknown, path: string = 'params'): readonly [string, string] | undefined =>
  differenceAt(a, b, () => path)

// A path is a function of its parent's, called only for a difference found: the optimizer asks
// this of every step's gradients, which agree, and so builds no path string at all.
const differenceAt = (a: unknown, b: unknown, at: () => string): readonly [string, string] | undefined => {
  if (isTensor(a)) {
    if (!isTensor(b)) return [`a tensor at ${at()}`, 'a subtree']
    return T.sameShape(a.shape, b.shape) && a.dtype === b.dtype
      ? undefined
      : [`${at()} of shape ${T.showShape(a.shape)} ${a.dtype}`, `${T.showShape(b.shape)} ${b.dtype}`]
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || b.length !== a.length) {
      return [`a tuple of ${a.length} at ${at()}`, Array.isArray(b) ? `${b.length} elements` : 'something else']
    }
    for (let i = 0; i < a.length; i++) {
      const found = differenceAt(a[i], b[i], () => `${at()}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (!isRecord(a)) return a === b ? undefined : [`${String(a)} at ${at()}`, String(b)]
  if (!isRecord(b) || isTensor(b) || Array.isArray(b)) return [`a record at ${at()}`, 'something else']
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length || ka.some((k) => !(k in b))) return [`fields {${ka.join(', ')}} at ${at()}`, `{${kb.join(', ')}}`]
  for (const k of ka) {
    const found = differenceAt(a[k], b[k], () => `${at()}.${k}`)
    if (found !== undefined) return found
  }
  return undefined
}

const isRecord = (x: unknown): x is { readonly [field: string]: unknown } => typeof x === 'object' && x !== null

const walk = (tree: unknown, path: string, f: (leaf: Leaf, path: string) => unknown): unknown => {
  if (isTensor(tree) || typeof tree === 'number') return f(tree, path)
  if (Array.isArray(tree)) return tree.map((x: unknown, i) => walk(x, `${path}[${i}]`, f))
  if (!isRecord(tree)) return tree
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(tree)) define(out, k, walk(tree[k], `${path}.${k}`, f))
  return out
}

// zip's walk: a's containers and leaves, with b's leaf at the same place handed to f beside a's
// tensor; numbers and other leaves are a's (as map keeps them). Only after firstDifference found
// the same structure, shapes and dtypes in both.
const walkBoth = (a: unknown, b: unknown, path: string, f: LeafZip): unknown => {
  if (isTensor(a)) return f(a, asSame(a, b), path)
  if (Array.isArray(a)) return a.map((x: unknown, i) => walkBoth(x, (b as ReadonlyArray<unknown>)[i], `${path}[${i}]`, f))
  if (!isRecord(a)) return a
  const other = b as { readonly [field: string]: unknown }
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(a)) define(out, k, walkBoth(a[k], other[k], `${path}.${k}`, f))
  return out
}

// out[k] = v as an own field, as Object.fromEntries makes it: a field named `__proto__` (from a
// parsed checkpoint, say) stays a field instead of setting the prototype. A loop of these, not
// Object.fromEntries(Object.keys(·).map(·)): that took about 0.2 µs for a two-field record, the loop
// 0.06, and an optimizer walks the parameters every step.
const define = (out: Record<string, unknown>, k: string, v: unknown): void => {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  else out[k] = v
}

// b's leaf where a has a tensor, after firstDifference found a tensor of the same shape and dtype there.
const asSame = <S extends T.Shape, D extends T.DType>(a: T.Tensor<S, D>, b: unknown): T.Tensor<S, D> =>
  isTensor(b) ? (b as T.Tensor<S, D>) : a
