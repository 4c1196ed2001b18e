import { describe, expect, it } from 'vitest'
import { Tensor } from '../../src/index.js'
import * as _ from '../../src/layers/index.js'

describe('stage', () => {
  describe('input', () => {
    it('should record the row shape and dtype', () => {
      expect(_.input(784)).toEqual({ _tag: 'Input', row: [784], dtype: 'float32' })
      expect(_.input([28, 28], 'float64')).toEqual({ _tag: 'Input', row: [28, 28], dtype: 'float64' })
    })
  })
  describe('build', () => {
    it('should build a stage for a given input', () => {
      const l = _.build(_.input(3, 'float64'), _.tanh())
      expect([l.name, l.dtype, l.inputRow, l.outputRow]).toEqual(['tanh', 'float64', [3], [3]])
      expect(l.forward({}, Tensor.zeros([2, 3], 'float64'), _.evalCtx)[0].dtype).toBe('float64')
    })
  })
  describe('stage', () => {
    it('should wrap a run-time builder', () => {
      const s = _.stage<_.SameShape<'none'>>('mine', (row, dtype) => _.identity().build(row, dtype))
      expect(s.name).toBe('mine')
      expect(_.build(_.input(2), s).outputRow).toEqual([2])
    })
  })
})
