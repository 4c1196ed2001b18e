import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Tensor } from '../../../src/index.js'
import * as _ from '../../../src/train/checkpoint/bounds.js'

const file = { tensors: [['params[0].w', Tensor.zeros([784, 4])], ['params[0].b', Tensor.zeros([4])]] as const, metadata: {} }
const messageOf = (r: E.Either<{ readonly message: string }, unknown>): string => (E.isLeft(r) ? r.left.message : 'Right')

describe('bounds', () => {
  describe('checkNetworkSize', () => {
    it('should count the parameters of shapes the file can hold', () => {
      expect(_.checkNetworkSize([[784, 4], [4]], file)).toEqual(E.right(3140))
      expect(_.checkNetworkSize([], file)).toEqual(E.right(0))
    })
    it('should refuse a network beyond the documented limit, whatever its width (no overflow)', () => {
      expect(messageOf(_.checkNetworkSize([[784, 5e9]], file))).toBe('the network it describes has 3,920,000,000,000 parameters, more than the limit of 268,435,456')
      expect(messageOf(_.checkNetworkSize([[2 ** 52, 2 ** 52]], file))).toMatch(/has 2\.03e\+31 parameters, more than the limit/)
    })
    it('should refuse a network larger than the values in the file', () => {
      expect(messageOf(_.checkNetworkSize([[784, 8000], [8000]], file))).toBe(
        'the network it describes has 6,280,000 parameters, but the file holds only 3,140 values: its description does not match its tensors'
      )
    })
    it('should refuse shapes that are not lists of sizes', () => {
      expect(messageOf(_.checkNetworkSize([[2, -1]], file))).toBe('the network it describes has a tensor of shape [2, -1], which is not a list of sizes')
      expect(messageOf(_.checkNetworkSize([[Number.NaN]], file))).toMatch(/not a list of sizes/)
    })
  })
})
