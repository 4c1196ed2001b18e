/**
 * The optimizer contract, shaped like optax's gradient transformations:
 *
 *   init(params)                   → state
 *   update(grads, state, params)   → [updates, state′]
 *
 * Updates have the same tree type as the parameters and are *added* to them by `applyUpdates`
 * (so a descent step's update is −η·g; the sign lives in `scaleByLearningRate`). Transforms
 * compose with `chain`; an optimizer like `adam` is a short chain. No optimizer state ever lives
 * inside a layer.
 *
 * @since 0.1.0
 */

/**
 * A gradient transformation over parameter trees `P` with state `S`.
 *
 * @category model
 * @since 0.1.0
 */
export interface GradientTransformation<P, S> {
  readonly init: (params: P) => S
  readonly update: (grads: P, state: S, params: P) => readonly [P, S]
}

/** The state of a stateless transform. @category model @since 0.1.0 */
export type EmptyState = Readonly<Record<never, never>>
