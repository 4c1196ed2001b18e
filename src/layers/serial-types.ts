/**
 * The compiler's half of `serial`: walk the stages left to right, the way the run time does,
 * carrying the shape and dtype that flow between them, and collect the parameter and tape types
 * and, for every argument, the type it must have (itself, or an error naming both shapes).
 *
 * The walk is a tail-recursive conditional type with accumulators, so TypeScript evaluates it
 * as a loop (up to 1000 steps) rather than nesting one instantiation per stage: a 60-stage
 * network compiles (spec/layers/compose.spec-d.ts), where a chain of overloads or a
 * non-tail-recursive type would hit the instantiation depth limit.
 *
 * @since 0.1.0
 */
import type * as T from '../tensor/index.js'
import type { AnyLayer, Layer } from './layer.js'
import type { Apply, Input, Kind, ShowShape, Stage, StateOfKind } from './stage.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What `serial` accepts: an input declaration, a stage, or a pre-built layer. @category model @since 0.1.0 */
export type StageLike = Input<T.Shape, T.DType> | Stage<Kind> | AnyLayer

/**
 * The type an argument must have when it does not fit: the message is what the compiler
 * prints, at that argument.
 *
 * @category model
 * @since 0.1.0
 */
export interface ShapeErrorAt<Msg extends string> {
  readonly 'shape error': Msg
}

/**
 * The analysis of a list of stages: `args` (what each argument must be) and `layer` (the
 * network's type).
 *
 * @category model
 * @since 0.1.0
 */
export type Analyse<Ss extends ReadonlyArray<StageLike>> = Ss extends readonly [infer H, ...infer Rest extends ReadonlyArray<StageLike>]
  ? H extends Input<infer S, infer D>
    ? Walk<Rest, S, S, D, [], [], [], [H]>
    : H extends Layer<infer I, infer O, infer P, infer Tp, infer D, infer St>
      ? Walk<Rest, I, O, D, [P], [Tp], [St], [H]>
      : Failed<[ShapeErrorAt<'serial starts with input(…) or a pre-built layer, found a stage whose input is unknown'>]>
  : Failed<[ShapeErrorAt<'serial needs at least one stage'>]>

/**
 * The parameter type of `serial`: each argument as written, intersected with the error for its
 * position (`unknown` when it fits). A homomorphic mapped type over the arguments, so TypeScript
 * both infers `Ss` from it and checks argument by argument, reporting a mismatch at the
 * offending argument.
 *
 * @category model
 * @since 0.1.0
 */
export type Checked<Ss extends ReadonlyArray<StageLike>> = { readonly [K in keyof Ss]: Ss[K] & ErrorAt<Analyse<Ss>['args'], K> }

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

interface Failed<Args> {
  readonly args: Args
  readonly layer: ShapeErrorAt<'this network does not type-check: see the error at its arguments'>
}

type Walk<
  Ss extends ReadonlyArray<StageLike>,
  In extends T.Shape,
  S extends T.Shape,
  D extends T.DType,
  Ps extends ReadonlyArray<unknown>,
  Tps extends ReadonlyArray<unknown>,
  Sts extends ReadonlyArray<unknown>,
  Args extends ReadonlyArray<unknown>
> = Ss extends readonly [infer H, ...infer Rest extends ReadonlyArray<StageLike>]
  ? H extends Stage<infer F>
    ? Walk<
        Rest,
        In,
        Apply<F, S, D>['out'],
        D,
        [...Ps, Apply<F, S, D>['params']],
        [...Tps, Apply<F, S, D>['tape']],
        [...Sts, StateOfKind<Apply<F, S, D>>],
        [...Args, StageArg<H, Apply<F, S, D>['error']>]
      >
    : H extends Layer<infer I, infer O, infer P, infer Tp, infer D2, infer St>
      ? Walk<Rest, In, O, D, [...Ps, P], [...Tps, Tp], [...Sts, St], [...Args, LayerArg<H, I, D2, S, D>]>
      : Walk<Rest, In, S, D, Ps, Tps, Sts, [...Args, ShapeErrorAt<'input(…) may only be the first stage'>]>
  : { readonly args: Args; readonly layer: Layer<In, S, Readonly<Ps>, Readonly<Tps>, D, Combined<Sts>> }

/**
 * The state of a composite: `NoState` when no child keeps one (so a network of dense and relu
 * layers has none), otherwise the tuple of its children's states, `undefined` where a child has
 * none.
 *
 * @category model
 * @since 0.1.0
 */
export type Combined<Sts extends ReadonlyArray<unknown>> = [Sts[number]] extends [undefined] ? undefined : Readonly<Sts>

type ErrorAt<Args, K> = K extends keyof Args ? (Args[K] extends ShapeErrorAt<string> ? Args[K] : unknown) : unknown

type StageArg<H, E> = [E] extends [never] ? H : E extends string ? ShapeErrorAt<E> : H

type LayerArg<H, I extends T.Shape, D2 extends T.DType, S extends T.Shape, D extends T.DType> = Same<I, S> extends true
  ? Same<D2, D> extends true
    ? H
    : ShapeErrorAt<`expected a ${D} layer, found a ${D2} one: a network has one dtype`>
  : ShapeErrorAt<`expected a layer taking ${ShowShape<S>}, found one taking ${ShowShape<I>}`>

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
