/**
 * Applying updates: θ′ = θ + u, leaf by leaf. This is where the sign convention is fixed:
 * transforms produce updates to *add*, so gradient descent's update is u = −η·∇L (made by
 * `scaleByLearningRate`).
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import { zipParams } from './tree.js'

/**
 * θ′ = θ + u for every tensor of the tree (a new tree; θ is unchanged).
 *
 * @example
 * import { Optim, Tensor } from 'kanzen'
 * const p = Optim.applyUpdates({ w: Tensor.ones([2]) }, { w: Tensor.tensor([0.5, -1]) })
 * assert.deepStrictEqual(Tensor.toArray(p.w), [1.5, 0])
 *
 * @category operations
 * @since 0.1.0
 */
export const applyUpdates = <P>(params: P, updates: P): P => zipParams((p, u) => T.add(p, u))(params, updates)
