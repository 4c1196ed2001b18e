/**
 * kanzen: a neural-network library you can understand completely.
 *
 * The package exports one namespace per module family.
 *
 * @since 0.1.0
 */
export * as Tensor from './tensor/index.js'
export * as Random from './random/index.js'
export * as Tree from './tree/index.js'
export * as Optim from './optim/index.js'
export * as Layer from './layers/index.js'
export * as Loss from './losses/index.js'
export * as Train from './train/index.js'
export * as Data from './data/index.js'
// The tensor type under a top-level name as well: declaration emit (`declaration: true`) in a
// user's module names every inferred type through the entry, and it does not name
// `Tensor.Tensor` through the namespace (TS2742). With this it writes `import("kanzen").TensorType<…>`.
export type { Tensor as TensorType } from './tensor/index.js'
