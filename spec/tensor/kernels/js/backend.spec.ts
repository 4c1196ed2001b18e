import { describe, expect, it } from 'vitest'
import * as _ from '../../../../src/tensor/kernels/js/index.js'
import { conformance } from '../conformance.js'

conformance(_.blocked)

describe('js backend', () => {
  it('should fill the product itself and take the rest from the reference', () => {
    expect(_.blocked.providers).toMatchObject({ gemm: 'js-blocked', im2col: 'reference', relu: 'reference' })
  })
})
