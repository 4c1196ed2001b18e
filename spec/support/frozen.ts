/**
 * The input-unchanged check: copy every input tensor's data, run the operation, and assert that
 * every input still holds exactly what it held before. Typed arrays cannot be frozen, so this is
 * how the specs prove that no operation writes into its arguments.
 */
import { expect } from 'vitest'
import type { Tensor } from '../../src/index.js'

type AnyTensor = Tensor.AnyTensor

export const leavesInputsUnchanged = <A>(inputs: ReadonlyArray<AnyTensor>, run: () => A): A => {
  const before = inputs.map((t) => ({ shape: [...t.shape], data: Array.from(t.data) }))
  const result = run()
  inputs.forEach((t, i) => {
    expect([...t.shape], `input ${i} shape`).toEqual(before[i]!.shape)
    expect(Array.from(t.data), `input ${i} data`).toEqual(before[i]!.data)
  })
  return result
}
