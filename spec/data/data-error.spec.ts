import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/data-error.js'

describe('data-error', () => {
  describe('showDataError', () => {
    it('should render path, expectation and finding on one line', () => {
      expect(_.showDataError({ path: 'train.csv:17 Age', expected: 'a number or empty', found: '"abc"' })).toBe(
        'train.csv:17 Age: expected a number or empty, got "abc"'
      )
    })
  })
  describe('showDataErrors', () => {
    it('should put each error on its own line', () => {
      expect(_.showDataErrors([..._.dataError('a', 'x', 'y'), ..._.dataError('b', 'z', 'w')])).toBe(
        'a: expected x, got y\nb: expected z, got w'
      )
    })
  })
  describe('prefixErrors', () => {
    it('should prefix every path', () => {
      expect(_.prefixErrors('labels/')(_.dataError('body', 'x', 'y'))).toEqual([
        { path: 'labels/body', expected: 'x', found: 'y' }
      ])
    })
  })
})
