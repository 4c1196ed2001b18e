import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import * as _ from '../../src/tensor/index.js'
import { expectClose } from '../support/approx.js'
import { leavesInputsUnchanged } from '../support/frozen.js'

const a = _.tensor([[1, 2, 3], [4, 5, 6]])
const b = _.tensor([[7, 8], [9, 10], [11, 12]])

describe('matmul', () => {
  describe('matmul', () => {
    it('should compute a known product (worked by hand)', () => {
      // [1 2 3]·[7 9 11]ᵀ = 7 + 18 + 33 = 58, [1 2 3]·[8 10 12]ᵀ = 8 + 20 + 36 = 64, ...
      const c = leavesInputsUnchanged([a, b], () => _.matmul(a, b))
      expect(_.toNested(c)).toEqual([[58, 64], [139, 154]])
    })
    it('should have the identity as a neutral element', () => {
      expectClose(_.matmul(a, _.eye(3)), a)
      expectClose(_.matmul(_.eye(2), a), a)
    })
    it('should distribute over add (within float tolerance)', () => {
      const c = _.tensor([[0.5, -1], [2, 0.25], [-3, 1]])
      expectClose(_.matmul(a, _.add(b, c)), _.add(_.matmul(a, b), _.matmul(a, c)))
    })
    it('should stop with a message naming both shapes when number dimensions disagree', () => {
      const x = _.zeros([2, 3] as [number, number])
      const y = _.zeros([4, 5] as [number, number])
      expect(() => _.matmul(x, y)).toThrow('matmul: expected inner dimensions to agree: [2, 3] · [4, 5], found 3 ≠ 4')
      const r = _.attempt(() => _.matmul(x, y))
      expect(E.isLeft(r) && r.left.found).toBe('3 ≠ 4')
    })
  })

  describe('affine', () => {
    it('should give the bytes of addRow(matmul(x, w), b) on every backend, in float32 and float64', () => {
      for (const choice of ['reference', 'js', 'wasm', 'native'] as const)
        for (const dtype of ['float32', 'float64'] as const) {
          const x = _.generate([37, 53], (i) => Math.sin(i * 1.7) * 3, dtype)
          const w = _.generate([53, 130], (i) => Math.cos(i * 0.3), dtype)
          const bias = _.generate([130], (i) => i / 7 - 9, dtype)
          const [fused, apart] = _.withKernels(choice, () => [leavesInputsUnchanged([x, w, bias], () => _.affine(x, w, bias)), _.addRow(_.matmul(x, w), bias)])
          expect(fused.shape).toEqual([37, 130])
          expect(Array.from(fused.data)).toEqual(Array.from(apart.data))
        }
    })
    it('should stop with a message when the bias does not fit the product', () => {
      const bad = _.zeros([3] as [number])
      expect(() => _.affine(a, b, bad as unknown as _.Tensor<[2]>)).toThrow('affine: expected a bias of shape [2], found [3]')
    })
  })
  describe('matmulTransA', () => {
    it('should equal transpose(a)·b without a copy by the caller', () => {
      const d = _.tensor([[1, -1], [2, 0.5]])
      const r = leavesInputsUnchanged([a, d], () => _.matmulTransA(a, d))
      expectClose(r, _.matmul(_.transpose(a), d))
      expect(_.toNested(r)).toEqual([[9, 1], [12, 0.5], [15, 0]])
    })
  })

  describe('matmulTransB', () => {
    it('should equal a·transpose(b)', () => {
      const w = _.tensor([[1, 0, 1], [0, 1, 0]])
      const r = leavesInputsUnchanged([a, w], () => _.matmulTransB(a, w))
      expectClose(r, _.matmul(a, _.transpose(w)))
      expect(_.toNested(r)).toEqual([[4, 2], [10, 5]])
    })
  })

  describe('transpose', () => {
    it('should swap axes, and twice be the identity', () => {
      const t = leavesInputsUnchanged([a], () => _.transpose(a))
      expect(_.toNested(t)).toEqual([[1, 4], [2, 5], [3, 6]])
      expectClose(_.transpose(t), a)
    })
    it('should satisfy (A·B)ᵀ = Bᵀ·Aᵀ', () => {
      expectClose(_.transpose(_.matmul(a, b)), _.matmul(_.transpose(b), _.transpose(a)))
    })
  })
})
