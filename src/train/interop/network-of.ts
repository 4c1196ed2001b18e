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


// The { gamma, beta } of a batchNorm stage's parameters, or undefined when they are not two tensors.
export const batchNormParamsOf = (p: unknown): { readonly gamma: T.AnyTensor; readonly beta: T.AnyTensor } | undefined =>
  typeof p === 'object' && p !== null && 'gamma' in p && 'beta' in p && Tree.isTensor(p.gamma) && Tree.isTensor(p.beta) ? { gamma: p.gamma, beta: p.beta } : undefined

// The running statistics { mean, variance } of a batchNorm stage's state, or undefined when they are not two tensors.
export const runningStatisticsOf = (st: unknown): { readonly mean: T.AnyTensor; readonly variance: T.AnyTensor } | undefined =>
  typeof st === 'object' && st !== null && 'mean' in st && 'variance' in st && Tree.isTensor(st.mean) && Tree.isTensor(st.variance)
    ? { mean: st.mean, variance: st.variance }
    : undefined

// The part of a composite's state at a leaf's path (`[2]`, `[1][0]`): states nest as parameters do.
export const stateAt = (state: unknown, path: string): unknown => {
  let at = state
  for (const m of path.matchAll(/\[(\d+)\]/g)) at = Array.isArray(at) ? at[Number(m[1])] : undefined
  return at
}

// The state of `net` from each primitive layer's (by path), nested as its initState nests it:
// undefined for a composite none of whose children keeps state.
export const statesOf = (net: L.AnyLayer, leafState: (path: string) => unknown): unknown => {
  const walk = (l: L.AnyLayer, path: string): unknown =>
    l.initState === undefined ? undefined : l.children === undefined ? leafState(path) : l.children.map((c, i) => walk(c, `${path}[${i}]`))
  return walk(net, '')
}
