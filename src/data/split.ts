/**
 * A seeded train/test split of row indices: a random permutation from an explicit key, of
 * which the first ⌊N·(1 − testFraction)⌉ indices are the training rows. The same key always
 * gives the same split.
 *
 * @since 0.1.0
 */
import * as R from '../random/index.js'
import * as T from '../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Row indices of the two parts (disjoint, together 0..N−1), each in shuffled order.
 *
 * @category model
 * @since 0.1.0
 */
export interface Split {
  readonly train: Int32Array
  readonly test: Int32Array
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Split N rows into training and test indices (use them with `Tensor.gatherRows`).
 * `testFraction` is clamped to [0, 1].
 *
 * @example
 * import { Data, Random } from 'kanzen'
 * const s = Data.trainTestSplit(Random.key(0), 10, 0.2)
 * assert.deepStrictEqual([s.train.length, s.test.length], [8, 2])
 * assert.deepStrictEqual([...s.train, ...s.test].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
 *
 * @category operations
 * @since 0.1.0
 */
export const trainTestSplit = (key: R.Key, n: number, testFraction: number): Split => {
  const order = R.permutation(key, n)
  const nTrain = n - Math.round(n * Math.min(1, Math.max(0, testFraction)))
  return { train: order.slice(0, nTrain), test: order.slice(nTrain) }
}

/**
 * k folds for cross-validation: fold i's `test` is every k-th row of a seeded permutation,
 * starting at i, and its `train` is the rest; every row is in exactly one test part. With
 * `labels`, the folds are stratified: the permutation is grouped by label (keeping its order
 * within a label) before rows are dealt out, so each fold has nearly the same class shares.
 *
 * @example
 * import { Data, Random } from 'kanzen'
 * const folds = Data.kFolds(Random.key(1), 10, 5)
 * assert.deepStrictEqual(folds.map((f) => f.test.length), [2, 2, 2, 2, 2])
 * const strat = Data.kFolds(Random.key(1), 4, 2, [0, 0, 1, 1])
 * assert.ok(strat.every((f) => f.test.length === 2 && new Set(Array.from(f.test, (i) => i < 2)).size === 2))
 *
 * @category operations
 * @since 0.1.0
 */
export const kFolds = (key: R.Key, n: number, k: number, labels?: ArrayLike<number>): ReadonlyArray<Split> => {
  const shuffled = Array.from(R.permutation(key, n))
  // Array.prototype.sort is stable, so rows of one label keep their shuffled order.
  const order = labels === undefined ? shuffled : shuffled.sort((a, b) => T.at(labels, a) - T.at(labels, b))
  return Array.from({ length: k }, (_, fold) => ({
    train: Int32Array.from(order.filter((_, j) => j % k !== fold)),
    test: Int32Array.from(order.filter((_, j) => j % k === fold))
  }))
}
