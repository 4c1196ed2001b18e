/** Small helpers for the optimizer specs: one-leaf float64 trees and running updates by hand. */
import { expect } from 'vitest'
import { Optim, Tensor } from '../../src/index.js'

export type V = { readonly v: Tensor.Tensor<[number], 'float64'> }

/** A one-leaf float64 tree { v: [...] }. */
export const vec = (values: ReadonlyArray<number>): V => ({
  v: Tensor.generate([values.length] as [number], (i) => values[i]!, 'float64')
})

/** Feed gradients one after the other (parameters fixed at θ) and collect the updates. */
export const updates = <S>(
  tx: Optim.GradientTransformation<V, S>,
  theta: V,
  grads: ReadonlyArray<V>
): Array<Array<number>> => {
  let s = tx.init(theta)
  return grads.map((g) => {
    const [u, s2] = tx.update(g, s, theta)
    s = s2
    return Tensor.toArray(u.v)
  })
}

/** |a − e| ≤ rtol·|e| + 1e-13, element by element, with the index in the message. */
export const expectNumbers = (actual: ReadonlyArray<number>, expected: ReadonlyArray<number>, rtol = 1e-9): void => {
  expect(actual.length).toBe(expected.length)
  actual.forEach((a, i) =>
    expect(Math.abs(a - expected[i]!), `index ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      rtol * Math.abs(expected[i]!) + 1e-13
    )
  )
}
