import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'

describe('check', () => {
  describe('attempt', () => {
    it('should turn a run-time shape mismatch into a Left', () => {
      const r = _.attempt(() => _.add(_.zeros([2] as [number]), _.zeros([3] as [number])))
      expect(E.isLeft(r) && r.left).toEqual({ _tag: 'ShapeError', op: 'add', expected: 'equal shapes', found: '[2] and [3]', message: 'add: expected equal shapes, found [2] and [3]' })
    })
    it('should return a Right when shapes agree', () => {
      expect(E.isRight(_.attempt(() => _.add(_.zeros([2]), _.zeros([2]))))).toBe(true)
    })
    it('should not swallow other errors', () => {
      expect(() => _.attempt(() => { throw new TypeError('boom') })).toThrow('boom')
    })
  })
})
