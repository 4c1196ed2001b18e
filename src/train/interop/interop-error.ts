/**
 * Why a network cannot be written to, or read from, another framework's format: one message
 * naming the layer, node or tensor and what was expected.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

/** A failed export or import. @category model @since 0.2.0 */
export interface InteropError {
  readonly _tag: 'InteropError'
  readonly message: string
}

/** An `InteropError` as a `Left`. @category utils @since 0.2.0 */
export const interopFail = <A = never>(message: string): E.Either<InteropError, A> => E.left({ _tag: 'InteropError', message })
