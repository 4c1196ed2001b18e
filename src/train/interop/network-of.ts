/**
 * A network from its stage descriptions: `input(row)` followed by the stage each description
 * names (`Layer.stageOf`, the switch that `Layer.rebuild` uses too), and the parameter tree of
 * such a network from one function per primitive layer. Both importers (ONNX, PyTorch layout) end here.
 *
 * @since 0.2.0
 */
import * as L from '../../layers/index.js'
import * as T from '../../tensor/index.js'
import * as Tree from '../../tree/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A network whose architecture is known only at run time: batch in, rows out. @category model @since 0.2.0 */
export type AnyNetwork = L.Layer<[number, ...Array<number>], [number, number], ReadonlyArray<unknown>, ReadonlyArray<unknown>, T.DType, ReadonlyArray<unknown> | undefined>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The library stage a description names: `Layer.stageOf`, the one switch over `kind`. @category constructors @since 0.2.0 */
export const stageOf = L.stageOf

/** `serial(input(row, dtype), …stages)` for the descriptions, as one run-time network. @category constructors @since 0.2.0 */
export const networkOf = (row: T.Shape, dtype: T.DType, specs: ReadonlyArray<L.StageSpec>): AnyNetwork =>
  L.serialOf(L.input(row, dtype), specs.map(L.stageOf))

/**
 * The parameters of `net`, leaf by leaf from `leafParams` (given each primitive layer and its
 * path), nested as the network's own `init` nests them: a composite's parameters are the tuple
 * of its children's.
 *
 * @category constructors
 * @since 0.2.0
 */
export const paramsOf = (net: L.AnyLayer, leafParams: (leaf: L.AnyLayer, path: string) => unknown): unknown => {
  const walk = (l: L.AnyLayer, path: string): unknown =>
    l.children === undefined ? leafParams(l, path) : l.children.map((c, i) => walk(c, `${path}[${i}]`))
  return walk(net, '')
}

// The { w, b } of a dense or conv2d stage's parameters, or undefined when they are not two tensors
// (parameters of another network). Shared by the exporters; not part of the package's API.
export const weightsOf = (p: unknown): { readonly w: T.AnyTensor; readonly b: T.AnyTensor } | undefined =>
  typeof p === 'object' && p !== null && 'w' in p && 'b' in p && Tree.isTensor(p.w) && Tree.isTensor(p.b) ? { w: p.w, b: p.b } : undefined

