import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/shape.js'

describe('shape', () => {
  it('should show, size and compare shapes', () => {
    expect(_.showShape([100, 784])).toBe('[100, 784]')
    expect(_.sizeOf([100, 784])).toBe(78400)
    expect(_.sizeOf([])).toBe(1)
    expect(_.sameShape([2, 3], [2, 3])).toBe(true)
    expect(_.sameShape([2, 3], [3, 2])).toBe(false)
    expect(_.sameShape([2, 3], [2, 3, 1])).toBe(false)
  })
  it('should explain an invalid dimension', () => {
    expect(_.invalidDimension(3)).toBeUndefined()
    expect(_.invalidDimension(-1)).toBe('a non-negative dimension, got -1')
    expect(_.invalidDimension(0.5)).toBe('an integer dimension, got 0.5')
    expect(_.invalidDimension(NaN)).toBe('a finite dimension, got NaN')
  })
  it('should build a ShapeError whose message names expected and found', () => {
    expect(_.shapeError('op', '[2]', '[3]')).toEqual({ _tag: 'ShapeError', op: 'op', expected: '[2]', found: '[3]', message: 'op: expected [2], found [3]' })
  })
})
