import { describe, expect, it } from 'vitest'
import * as _ from '../../../scripts/lib/wat.js'

// tsconfig's libs have no DOM, which declares WebAssembly.
const wasm = (globalThis as unknown as { WebAssembly: { validate: (bytes: Uint8Array) => boolean } }).WebAssembly

describe('wat', () => {
  describe('fuseMultiplyAdds', () => {
    it('should rewrite c + x·y as one relaxed_madd(x, y, c) and count them', () => {
      const text = ';; f32x4.mul in a comment stays\n(local.set $c (f32x4.add (local.get $c) (f32x4.mul (local.get $x) (local.get $y))))'
      const fused = _.fuseMultiplyAdds(text)
      expect(fused.count).toBe(1)
      expect(fused.text).toContain('(local.set $c (f32x4.relaxed_madd (local.get $x) (local.get $y) (local.get $c)))')
    })
    it('should throw when a multiply is written in another form (it would stay unfused)', () => {
      expect(() => _.fuseMultiplyAdds('(f32x4.add (f32x4.mul (local.get $x) (local.get $y)) (local.get $c))')).toThrow(/f32x4\.mul/)
    })
  })
  describe('assemble', () => {
    it('should give a module the runtime validates, and refuse bad text', async () => {
      const bytes = await _.assemble('t.wat', '(module (func (export "f") (result i32) (i32.const 7)))', false)
      expect(wasm.validate(bytes)).toBe(true)
      await expect(_.assemble('t.wat', '(module (func (result i32)))', false)).rejects.toThrow()
    })
  })
})
