/**
 * Which matrix-product backend the operations use.
 *
 * The blocked JavaScript kernel is the default; `useKernels(reference)` switches to the
 * readable loops (for learners and for debugging), and faster backends register the same way.
 * This is the one piece of configuration state in the tensor module: it changes speed only,
 * never results beyond float rounding (the specs hold every backend to the reference).
 *
 * @since 0.1.0
 */
import { blocked } from './blocked.js'
import type { Kernels } from './kernels.js'

let active: Kernels = blocked

/**
 * The backend in use.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(typeof Tensor.activeKernels().name, 'string')
 *
 * @category kernels
 * @since 0.1.0
 */
export const activeKernels = (): Kernels => active

/**
 * Use another backend from now on; returns the one that was active, so a caller can restore it.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const previous = Tensor.useKernels(Tensor.referenceKernels)
 * Tensor.useKernels(previous)
 *
 * @category kernels
 * @since 0.1.0
 */
export const useKernels = (kernels: Kernels): Kernels => {
  const previous = active
  active = kernels
  return previous
}
