/**
 * The compiler's half of 2-d window layers (convolution, pooling): option forms (a number or a
 * pair), the output shape ⌊(in + 2·padding − kernel) / stride⌋ + 1 per axis (`T.ConvOut`), and the
 * message the compiler prints when a window does not fit, naming the numbers.
 *
 * @since 0.2.0
 */
import type * as T from '../tensor/index.js'
import type { In, Kind, ShowShape } from './stage.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A size per axis, written once for both (`3`) or as `[height, width]`. @category model @since 0.2.0 */
export type Size2 = number | readonly [number, number]

/** A size option as a pair: `3` is `[3, 3]`. @category model @since 0.2.0 */
export type PairOf<K> = K extends readonly [infer A extends number, infer B extends number] ? [A, B] : K extends number ? [K, K] : [number, number]

/** The batch of images a window layer takes. @category model @since 0.2.0 */
export type Images = readonly [number, number, number, number]

/** The channels of a batch of images (`number` when the input is not one). @category model @since 0.2.0 */
export type ChannelsOf<S> = S extends readonly [number, infer C extends number, number, number] ? C : number

/**
 * The output shape of a window layer with `Out` channels on input `S`.
 *
 * @category model
 * @since 0.2.0
 */
export type WindowOut<S, Out extends number, K extends [number, number], St extends [number, number], P extends [number, number]> = S extends readonly [
  number,
  number,
  infer H extends number,
  infer W extends number
]
  ? [number, Out, OrNumber<T.ConvOut<H, K[0], St[0], P[0]>>, OrNumber<T.ConvOut<W, K[1], St[1], P[1]>>]
  : [number, Out, number, number]

/**
 * `never` when a window fits its input, otherwise the message: not a batch of images, or a
 * window larger than the padded input (with the numbers).
 *
 * @category model
 * @since 0.2.0
 */
export type WindowError<Name extends string, S extends T.Shape, K extends [number, number], P extends [number, number]> = S extends readonly [
  number,
  number,
  infer H extends number,
  infer W extends number
]
  ? [T.ConvOut<H, K[0], 1, P[0]>] extends [never]
    ? `${Name}: the window height ${K[0]} is larger than the padded input height ${H} + 2·${P[0]} = ${T.Add<H, T.Multiply<2, P[0]>>}`
    : [T.ConvOut<W, K[1], 1, P[1]>] extends [never]
      ? `${Name}: the window width ${K[1]} is larger than the padded input width ${W} + 2·${P[1]} = ${T.Add<W, T.Multiply<2, P[1]>>}`
      : never
  : `${Name} takes a batch of images [number, channels, height, width], found ${ShowShape<S>}: reshape([channels, height, width]) first`

/** A pair at run time: `3` is `[3, 3]`. @category utils @since 0.2.0 */
export const pairOf = (k: Size2): readonly [number, number] => (typeof k === 'number' ? [k, k] : [k[0], k[1]])

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type OrNumber<N> = [N] extends [never] ? number : N

/**
 * The stage of a pooling layer with window `K` and stride `St` (no padding): the channels stay,
 * each spatial axis becomes ⌊(in − K) / St⌋ + 1.
 *
 * @category model
 * @since 0.2.0
 */
export interface Pool2dKind<Name extends string, K extends [number, number], St extends [number, number], Tp> extends Kind {
  readonly out: WindowOut<In<this>, ChannelsOf<In<this>>, K, St, [0, 0]>
  readonly params: Readonly<Record<never, never>>
  readonly tape: Tp
  readonly error: WindowError<`${Name}(${K[0]}×${K[1]})`, In<this>, K, [0, 0]>
}
