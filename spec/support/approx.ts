import { expect } from 'vitest'
import { Tensor } from '../../src/index.js'

/** Assert two tensors agree within tolerance, with a readable message on failure. */
export const expectClose = (actual: Tensor.AnyTensor, expected: Tensor.AnyTensor, tol: Tensor.Tolerance = { rtol: 1e-5, atol: 1e-6 }): void => {
  expect([...actual.shape]).toEqual([...expected.shape])
  if (!Tensor.allClose(actual, expected, tol)) {
    let worst = 0
    let at = 0
    for (let i = 0; i < actual.size; i++) {
      const d = Math.abs(actual.data[i]! - expected.data[i]!)
      if (!(d <= worst)) {
        worst = d
        at = i
      }
    }
    expect.fail(`tensors differ: largest difference ${worst} at flat index ${at} (${actual.data[at]} vs ${expected.data[at]})`)
  }
}
