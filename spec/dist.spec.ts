/**
 * The built package, imported by its name as a user would (`npm run build` makes dist/ first;
 * `npm test` builds before it runs the specs).
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Tensor } from 'kanzen'

describe('kanzen (built package)', () => {
  it('should export the Tensor namespace with working operations', () => {
    const a = Tensor.tensor([[1, 2], [3, 4]])
    expect(Tensor.toNested(Tensor.matmul(a, Tensor.eye(2)))).toEqual([[1, 2], [3, 4]])
    expect(E.isLeft(Tensor.fromArray([2, 2], [1]))).toBe(true)
  })
})
