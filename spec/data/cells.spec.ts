import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/data/cells.js'

describe('cells', () => {
  describe('numberCell', () => {
    it('should decode decimal numbers and refuse everything else', () => {
      const c = _.numberCell('a number')
      expect(['1', '-2.5', '.5', '1e3', '7.'].map((s) => c.decode(s))).toEqual([1, -2.5, 0.5, 1000, 7].map(E.right))
      for (const s of ['', ' ', 'abc', '0x10', 'Infinity', 'NaN', '1,5']) expect(E.isLeft(c.decode(s))).toBe(true)
      expect(E.isLeft(c.decode(3))).toBe(true)
    })
    it('should apply the extra condition', () => {
      const count = _.numberCell('an integer ≥ 0', (n) => Number.isInteger(n) && n >= 0)
      expect([count.decode('3'), E.isLeft(count.decode('-1')), E.isLeft(count.decode('1.5'))]).toEqual([
        E.right(3),
        true,
        true
      ])
    })
    it('should encode back to the string', () => {
      expect(_.numberCell('a number').encode(2.5)).toBe('2.5')
    })
  })
  describe('optionalNumberCell', () => {
    it('should decode empty as null', () => {
      const c = _.optionalNumberCell('a number or empty')
      expect([c.decode(''), c.decode('4')]).toEqual([E.right(null), E.right(4)])
      expect(c.encode(null)).toBe('')
    })
  })
  describe('literalCell', () => {
    it('should decode only the listed values', () => {
      const c = _.literalCell('1, 2 or 3', [1, 2, 3])
      expect(c.decode('3')).toEqual(E.right(3))
      expect(E.isLeft(c.decode('4'))).toBe(true)
      expect(c.is(2) && !c.is(4)).toBe(true)
    })
  })
  describe('optionalLiteralCell', () => {
    it('should decode empty as null', () => {
      const c = _.optionalLiteralCell('C, Q, S or empty', ['C', 'Q', 'S'])
      expect([c.decode(''), c.decode('S'), E.isLeft(c.decode('X'))]).toEqual([E.right(null), E.right('S'), true])
    })
  })
  describe('textCell', () => {
    it('should keep any text', () => {
      expect(_.textCell('a name').decode('')).toEqual(E.right(''))
    })
  })
  describe('optionalTextCell', () => {
    it('should decode empty as null', () => {
      expect([_.optionalTextCell('x').decode(''), _.optionalTextCell('x').decode('C85')]).toEqual([
        E.right(null),
        E.right('C85')
      ])
    })
  })
})
