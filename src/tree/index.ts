/**
 * Parameter trees (tensors nested in tuples and records): leaves with their paths, map, zip,
 * `isTensor`. The ground floor every other folder walks trees with.
 *
 * @since 0.1.0
 */
export type { Tree, LeafMap, LeafZip, Leaf } from './tree.js'
export { map, zip, mapLeaves, isTensor, leaves, tensors, entries, firstDifference } from './tree.js'
