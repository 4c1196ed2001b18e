/**
 * Choosing the matrix-product backend for a script run: `KANZEN_KERNELS=reference|js` (read
 * here, never in the library) overrides the default; the result is a line for the log.
 */
import { Tensor } from '../../src/index.js'

export const configureKernels = (threads: 1 | 2): string => {
  const wanted = process.env['KANZEN_KERNELS']
  if (wanted === 'reference') Tensor.useKernels(Tensor.referenceKernels)
  else if (wanted === 'js') Tensor.useKernels(Tensor.blockedKernels)
  return `${Tensor.activeKernels().name}, ${threads} thread${threads === 1 ? '' : 's'} requested`
}
