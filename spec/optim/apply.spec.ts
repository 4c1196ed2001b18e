import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/optim/apply.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

describe('apply', () => {
  it('should add updates to parameters without touching either', () => {
    const p = { w: Tensor.tensor([1, 2]) }
    const u = { w: Tensor.tensor([-0.5, 0.5]) }
    const out = leavesInputsUnchanged([p.w, u.w], () => _.applyUpdates(p, u))
    expect(Tensor.toArray(out.w)).toEqual([0.5, 2.5])
  })
})
