/**
 * Stage descriptions: a small JSON value on every layer built by the library's own constructors,
 * saying which constructor made it and with which numbers — `{ kind: 'dense', inputs: 784,
 * units: 100 }`. It is what a model summary prints, what a checkpoint records so a network can be
 * rebuilt without a template, and what an exporter (ONNX, PyTorch) walks. A layer a user writes
 * by hand has no `spec`; everything that reads descriptions must say so instead of guessing.
 *
 * Composites (`serial`, `andThen`) carry their `children` instead; `leavesOf` walks them down to
 * the primitive layers, pairing each with its parameters and their path (`[2]` is the third stage,
 * whose weights a checkpoint names `params[2].w`).
 *
 * @since 0.2.0
 */
import type { AnyLayer } from './layer.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What made a primitive layer. Shapes in and out are on the layer itself (`inputRow`,
 * `outputRow`, `dtype`); a description holds only what the constructor was given beyond them.
 *
 * @category model
 * @since 0.2.0
 */
export type StageSpec =
  | { readonly kind: 'dense'; readonly inputs: number; readonly units: number }
  | { readonly kind: 'relu' }
  | { readonly kind: 'leakyRelu'; readonly alpha: number }
  | { readonly kind: 'sigmoid' }
  | { readonly kind: 'tanh' }
  | { readonly kind: 'softmax' }
  | { readonly kind: 'identity' }
  | { readonly kind: 'dropout'; readonly rate: number }
  | { readonly kind: 'flatten' }
  | {
      readonly kind: 'conv2d'
      readonly inChannels: number
      readonly filters: number
      readonly kernel: readonly [number, number]
      readonly stride: readonly [number, number]
      readonly padding: readonly [number, number]
    }
  | { readonly kind: 'maxPool2d'; readonly size: readonly [number, number]; readonly stride: readonly [number, number] }
  | { readonly kind: 'avgPool2d'; readonly size: readonly [number, number]; readonly stride: readonly [number, number] }
  | { readonly kind: 'reshape'; readonly row: ReadonlyArray<number> }
  | { readonly kind: 'batchNorm'; readonly features: number; readonly momentum: number; readonly epsilon: number }

/** The `kind` names of stage descriptions. @category model @since 0.2.0 */
export type StageKindName = StageSpec['kind']

/**
 * A primitive layer of a network with its parameters (as the network's `init` made them, or
 * `undefined` when none were given) and the path of those parameters in the network's tree.
 *
 * @category model
 * @since 0.2.0
 */
export interface Leaf {
  readonly layer: AnyLayer
  readonly params: unknown
  /** `''` for a network that is itself primitive, `[i]` for the i-th stage of a serial, `[i][j]` nested. */
  readonly path: string
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * The primitive layers of a network in the order they run, each with its parameters and their
 * path. Composites are opened (a serial inside a serial too); primitive layers are leaves.
 *
 * @example
 * import { Layer, Random } from 'kanzen'
 * const net = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2))
 * const leaves = Layer.leavesOf(net, net.init(Random.key(0)))
 * assert.deepStrictEqual(leaves.map((l) => l.path), ['[0]', '[1]', '[2]'])
 * assert.deepStrictEqual(leaves[0]?.layer.spec, { kind: 'dense', inputs: 4, units: 3 })
 *
 * @category utils
 * @since 0.2.0
 */
export const leavesOf = (layer: AnyLayer, params?: unknown): ReadonlyArray<Leaf> => {
  const out: Array<Leaf> = []
  const walk = (l: AnyLayer, p: unknown, path: string): void => {
    if (l.children === undefined) {
      out.push({ layer: l, params: p, path })
      return
    }
    l.children.forEach((c, i) => walk(c, Array.isArray(p) ? p[i] : undefined, `${path}[${i}]`))
  }
  walk(layer, params, '')
  return out
}

/**
 * The descriptions of a network's primitive layers in order, or the first layer that has none
 * (a layer written by hand) as a `Left`-like `{ missing }` record.
 *
 * @example
 * import { Layer } from 'kanzen'
 * const net = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu())
 * assert.deepStrictEqual(Layer.specsOf(net), { specs: [{ kind: 'dense', inputs: 4, units: 3 }, { kind: 'relu' }] })
 *
 * @category utils
 * @since 0.2.0
 */
export const specsOf = (
  layer: AnyLayer
): { readonly specs: ReadonlyArray<StageSpec> } | { readonly missing: { readonly path: string; readonly name: string } } => {
  const specs: Array<StageSpec> = []
  for (const leaf of leavesOf(layer)) {
    if (leaf.layer.spec === undefined) return { missing: { path: leaf.path, name: leaf.layer.name } }
    specs.push(leaf.layer.spec)
  }
  return { specs }
}
