/**
 * Stages: layers whose input size is not written by hand but learned from the stage before.
 *
 * In `serial(input(784), dense(100), relu(), dense(10))` only `input` names a width; `dense(100)`
 * is a *stage* that becomes `dense(784→100)` once `serial` knows what flows into it. At run time
 * a stage is a function from the row shape and dtype flowing in to a layer. At compile time it
 * carries a `Kind`: a type-level function from the input shape and dtype to the output shape,
 * the parameters, the tape and any shape error (the "this-type" encoding of a higher-kinded type,
 * since TypeScript has no type-level lambdas).
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import type { AnyLayer, Layer } from './layer.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A type-level function of `in` (the shape flowing in) and `dtype`. Implementations refer to
 * `this['in']` and `this['dtype']`; `Apply` substitutes them.
 *
 * @category model
 * @since 0.1.0
 */
export interface Kind {
  // `unknown` rather than T.Shape / T.DType: Apply intersects these with the actual input, and
  // `unknown & I` is exactly I, where `T.Shape & I` would defeat tuple inference on I.
  readonly in: unknown
  readonly dtype: unknown
  readonly out: T.Shape
  readonly params: unknown
  readonly tape: unknown
  /** `never` when the input is acceptable, otherwise the message the compiler shows. */
  readonly error: string
  /** The non-trained state, for the few layers that keep one (left out: `NoState`). */
  readonly state?: unknown
}

/** The input shape of a kind, for use inside it as `In<this>`. @category model @since 0.1.0 */
export type In<K extends Kind> = K['in'] extends T.Shape ? K['in'] : T.Shape

/** The dtype of a kind, for use inside it as `DTypeIn<this>`. @category model @since 0.1.0 */
export type DTypeIn<K extends Kind> = K['dtype'] extends T.DType ? K['dtype'] : T.DType

/** The state of an applied kind: `undefined` (no state) unless the kind declares one. @category model @since 0.1.0 */
export type StateOfKind<A extends Kind> = unknown extends A['state'] ? undefined : A['state']

/** A kind applied to an input shape and dtype. @category model @since 0.1.0 */
export type Apply<F extends Kind, I extends T.Shape, D extends T.DType> = F & { readonly in: I; readonly dtype: D }

declare const KindTag: unique symbol

/**
 * A stage: a layer waiting for its input shape.
 *
 * @category model
 * @since 0.1.0
 */
export interface Stage<F extends Kind> {
  readonly _tag: 'Stage'
  readonly name: string
  /** The layer for rows of shape `row` and dtype `dtype` (checked at the type level by `F`). */
  readonly build: (row: T.Shape, dtype: T.DType) => AnyLayer
  /** Phantom: exists only for the compiler. */
  readonly [KindTag]?: F
}

/**
 * The first stage of a network: the shape of one example and the dtype of the whole network.
 *
 * @category model
 * @since 0.1.0
 */
export interface Input<S extends T.Shape, D extends T.DType> {
  readonly _tag: 'Input'
  readonly row: T.Shape
  readonly dtype: D
  /** Phantom: exists only for the compiler. */
  readonly [KindTag]?: S
}

/** The batch shape of an input stage. @category model @since 0.1.0 */
export type InputShape<X> = X extends Input<infer S, infer _D> ? S : never

/** A kind that keeps the shape and has no parameters (activations, dropout). @category model @since 0.1.0 */
export interface SameShape<Tp extends 'input' | 'output' | 'mask' | 'none'> extends Kind {
  readonly out: In<this>
  readonly params: Readonly<Record<never, never>>
  readonly tape: Tp extends 'none' ? null : Tp extends 'mask' ? T.Tensor<In<this>, DTypeIn<this>> | null : T.Tensor<In<this>, DTypeIn<this>>
  readonly error: In<this> extends readonly [number, ...Array<number>] ? never : `expected a batch [number, ...], found ${ShowShape<In<this>>}`
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Declare the shape of one example (and the dtype of the network) at the start of `serial`:
 * `input(784)` is a batch `[number, 784]`, `input([28, 28], 'float64')` a batch `[number, 28, 28]`
 * of float64.
 *
 * @example
 * import { Layer } from 'kanzen'
 * assert.deepStrictEqual(Layer.input([28, 28]).row, [28, 28])
 *
 * @category constructors
 * @since 0.1.0
 */
export function input<const N extends number, D extends T.DType = 'float32'>(width: N, dtype?: D): Input<[number, N], D>
export function input<const R extends T.Shape, D extends T.DType = 'float32'>(row: R, dtype?: D): Input<[number, ...T.Dims<R>], D>
export function input(row: number | T.Shape, dtype?: T.DType): Input<T.Shape, T.DType> {
  return { _tag: 'Input', row: typeof row === 'number' ? [row] : [...row], dtype: dtype ?? 'float32' }
}

/**
 * A stage from its run-time builder; `F` is given by the caller (see `dense`, `relu`), and
 * must describe what the builder returns.
 *
 * @example
 * import { Layer } from 'kanzen'
 * const same = Layer.stage<Layer.SameShape<'none'>>('same', (row, dtype) => Layer.identity().build(row, dtype))
 * assert.deepStrictEqual(Layer.build(Layer.input(2), same).outputRow, [2])
 *
 * @category constructors
 * @since 0.1.0
 */
export const stage = <F extends Kind>(name: string, build: (row: T.Shape, dtype: T.DType) => AnyLayer): Stage<F> => ({
  _tag: 'Stage',
  name,
  build
})

/**
 * Build a stage into a layer for a given input, e.g. to test a single activation:
 * `build(input(5, 'float64'), relu())` is `relu` on `[number, 5]` float64.
 *
 * @example
 * import { Layer } from 'kanzen'
 * const l = Layer.build(Layer.input(5, 'float64'), Layer.relu())
 * assert.deepStrictEqual(l.outputRow, [5])
 *
 * @category constructors
 * @since 0.1.0
 */
export function build<S extends T.Shape, D extends T.DType, F extends Kind>(
  from: Input<S, D>,
  s: Stage<F> & ([Apply<F, S, D>['error']] extends [never] ? unknown : { readonly 'shape error': Apply<F, S, D>['error'] })
): Layer<S, Apply<F, S, D>['out'], Apply<F, S, D>['params'], Apply<F, S, D>['tape'], D, StateOfKind<Apply<F, S, D>>>
// The kind F describes exactly what the builder returns (the overload above says so): the one
// unchecked step of a stage.
export function build(from: Input<T.Shape, T.DType>, s: Stage<Kind>): AnyLayer {
  return s.build(from.row, from.dtype)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** A shape as a string type, for compiler messages: `ShowShape<[number, 100]>` is `'[number, 100]'`. @category utils @since 0.1.0 */
export type ShowShape<S extends T.Shape> = `[${Join<S>}]`

type Join<S extends T.Shape, Acc extends string = ''> = S extends readonly [infer H extends number, ...infer R extends T.Shape]
  ? Join<R, Acc extends '' ? `${number extends H ? 'number' : H}` : `${Acc}, ${number extends H ? 'number' : H}`>
  : Acc
