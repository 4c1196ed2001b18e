import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { expectClose } from '../support/approx.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

describe('softmax', () => {
  it('should match e^a / Σ e^a on a worked example', () => {
    const a = _.tensor([[0, Math.log(3)]], 'float64')
    expectClose(leavesInputsUnchanged([a], () => _.softmax(a)), _.tensor([[0.25, 0.75]], 'float64'), { rtol: 1e-12, atol: 1e-15 })
  })
  it('should give rows that sum to 1 and be stable for huge logits', () => {
    const a = _.tensor([[1000, 1001, 999], [-1000, -1000, -1000]])
    const p = _.softmax(a)
    expect(_.toArray(p).every(Number.isFinite)).toBe(true)
    expectClose(_.sum(p, 1), _.tensor([1, 1]))
  })
  it('should agree with log(softmax) where both are finite', () => {
    const a = _.tensor([[1, 2, 3], [0.5, -0.5, 0]], 'float64')
    expectClose(leavesInputsUnchanged([a], () => _.logSoftmax(a)), _.log(_.softmax(a)), { rtol: 1e-12, atol: 1e-12 })
  })
})
