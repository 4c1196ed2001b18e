/**
 * Stratified k-fold cross-validation splits: each class's samples are shuffled with the key and
 * dealt round-robin into k folds, so every fold keeps the class proportions of the whole set.
 */
import { Random } from '../../src/index.js'

export interface Fold {
  readonly train: Int32Array
  readonly test: Int32Array
}

export const stratifiedKFold = (key: Random.Key, labels: ArrayLike<number>, k: number): ReadonlyArray<Fold> => {
  const byClass = new Map<number, Array<number>>()
  for (let i = 0; i < labels.length; i++) byClass.set(labels[i]!, [...(byClass.get(labels[i]!) ?? []), i])
  const foldOf = new Int32Array(labels.length)
  let offset = 0
  const classes = [...byClass.keys()].sort((a, b) => a - b)
  classes.forEach((c, ci) => {
    const members = byClass.get(c)!
    const order = Random.permutation(Random.foldIn(key, ci), members.length)
    order.forEach((o, r) => (foldOf[members[o]!] = (offset + r) % k))
    offset += members.length
  })
  return Array.from({ length: k }, (_, f) => ({
    train: Int32Array.from(Array.from(foldOf.keys()).filter((i) => foldOf[i] !== f)),
    test: Int32Array.from(Array.from(foldOf.keys()).filter((i) => foldOf[i] === f))
  }))
}

/** A seeded split into a training and a test part, `testFraction` of the rows going to test. */
export const trainTestSplit = (key: Random.Key, n: number, testFraction: number): Fold => {
  const order = Random.permutation(key, n)
  const nTest = Math.round(n * testFraction)
  return { test: order.slice(0, nTest), train: order.slice(nTest) }
}
