/**
 * A network from its stage descriptions: `input(row)` followed by the stage each description
 * names, and the parameter tree of such a network from one function per primitive layer. Both
 * importers (ONNX, PyTorch layout) end here, so a new stage kind is added in one switch.
 *
 * @since 0.2.0
 */
import * as L from '../../layers/index.js'
import * as T from '../../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A network whose architecture is known only at run time: batch in, rows out. @category model @since 0.2.0 */
export type AnyNetwork = L.Layer<[number, ...Array<number>], [number, number], ReadonlyArray<unknown>, ReadonlyArray<unknown>, T.DType, ReadonlyArray<unknown> | undefined>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The library stage a description names. @category constructors @since 0.2.0 */
export const stageOf = (spec: L.StageSpec): L.StageLike => {
  switch (spec.kind) {
    case 'dense':
      return L.dense(spec.units)
    case 'relu':
      return L.relu()
    case 'leakyRelu':
      return L.leakyRelu(spec.alpha)
    case 'sigmoid':
      return L.sigmoid()
    case 'tanh':
      return L.tanh()
    case 'softmax':
      return L.softmax()
    case 'identity':
      return L.identity()
    case 'dropout':
      return L.dropout(spec.rate)
    case 'flatten':
      return L.flatten()
    case 'conv2d':
      return L.conv2d({ filters: spec.filters, kernel: [spec.kernel[0], spec.kernel[1]], stride: [spec.stride[0], spec.stride[1]], padding: [spec.padding[0], spec.padding[1]] })
    case 'maxPool2d':
      return L.maxPool2d({ size: [spec.size[0], spec.size[1]], stride: [spec.stride[0], spec.stride[1]] })
    case 'avgPool2d':
      return L.avgPool2d({ size: [spec.size[0], spec.size[1]], stride: [spec.stride[0], spec.stride[1]] })
    case 'reshape':
      return L.reshape(spec.row)
  }
}

/** `serial(input(row, dtype), …stages)` for the descriptions, as one run-time network. @category constructors @since 0.2.0 */
export const networkOf = (row: T.Shape, dtype: T.DType, specs: ReadonlyArray<L.StageSpec>): AnyNetwork =>
  L.serialOf(L.input(row, dtype), specs.map(stageOf))

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
  typeof p === 'object' && p !== null && 'w' in p && 'b' in p && isTensor(p.w) && isTensor(p.b) ? { w: p.w, b: p.b } : undefined

const isTensor = (x: unknown): x is T.AnyTensor =>
  typeof x === 'object' && x !== null && 'shape' in x && Array.isArray(x.shape) && 'data' in x && ArrayBuffer.isView(x.data) && 'dtype' in x
