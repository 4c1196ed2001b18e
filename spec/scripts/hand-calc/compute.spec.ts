import { describe, expect, it } from 'vitest'
import { defaultInput, handCalc, handCalcOf } from '../../../scripts/hand-calc/compute.js'

describe('handCalcOf', () => {
  it('should give the lecture numbers from the default input', () => {
    expect(handCalcOf(defaultInput(2))).toEqual(handCalc(2))
    expect(handCalcOf(defaultInput(2)).lossAfter).toBeCloseTo(0.233747, 6)
  })
  it('should recompute from edited numbers', () => {
    const d = defaultInput(2)
    const edited = handCalcOf({ ...d, W1: [[0.3, -0.2, 0.3], ...d.W1.slice(1)] })
    // a¹₁ = 1·0.3 + 0.5·0.4 + (−1)(−0.3) + 0.1 = 0.9
    expect(edited.a1[0]).toBeCloseTo(0.9, 12)
    expect(edited.loss).not.toBeCloseTo(handCalc(2).loss, 3)
    expect(handCalcOf({ ...d, eta: 0 }).lossAfter).toBeCloseTo(handCalc(2).loss, 12)
  })
  it('should refuse misshapen input', () => {
    const d = defaultInput(2)
    expect(() => handCalcOf({ ...d, t: [0, 1, 0] })).toThrow(/handCalcOf: expected/)
    expect(() => handCalcOf({ ...d, t: [1, 1] })).toThrow(/one-hot/)
  })
})
