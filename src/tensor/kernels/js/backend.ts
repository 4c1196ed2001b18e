/**
 * The JavaScript backend: the blocked, packed matrix product (`gemm.ts`); every other operation
 * is the reference loop, which V8 already runs at memory speed.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { complete } from '../kernels.js'
import type { Backend, Kernels } from '../kernels.js'
import { reference } from '../reference/index.js'
import { blockedGemm } from './gemm.js'


/**
 * The JavaScript backend, completed over the reference.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(Tensor.blockedKernels.name, 'js-blocked')
 * assert.strictEqual(Tensor.blockedKernels.providers.relu, 'reference')
 *
 * @category kernels
 * @since 0.1.0
 */
export const blocked: Kernels = complete({ name: 'js-blocked', gemm: blockedGemm }, reference)

/** Its loader (always available). @category kernels @since 0.3.0 */
export const loadJsKernels = (): E.Either<string, Backend> => E.right(blocked)
