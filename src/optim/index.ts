/**
 * Optimizers as values: gradient transformations, their composition, and applying updates.
 *
 * @since 0.1.0
 */
export type { Tree, LeafMap, LeafZip } from './tree.js'
export { mapParams, zipParams, leaves } from './tree.js'
export type { GradientTransformation, EmptyState } from './transform.js'
export { applyUpdates } from './apply.js'
