/**
 * WebAssembly text to bytes, for the kernel build (scripts/build-wasm.ts) and the bench's peak probe
 * (scripts/bench/peak.ts): assembled with wabt from npm, in a plain SIMD and a relaxed-SIMD build.
 */
import wabtInit from 'wabt'

/** A multiply-add as the texts write it: `(f32x4.add (local.get $c) (f32x4.mul (local.get $x) (local.get $y)))`, c + x·y. */
const multiplyAdd = /\(f32x4\.add \(local\.get (\$\w+)\) \(f32x4\.mul \(local\.get (\$\w+)\) \(local\.get (\$\w+)\)\)\)/g

/**
 * The relaxed-SIMD build of a text: every multiply-add c + x·y rewritten as the fused
 * `(f32x4.relaxed_madd x y c)` (one instruction, an FMA where the CPU has one), and how many were.
 * Throws if an `f32x4.mul` is left outside comments (a multiply-add written in another form).
 */
export const fuseMultiplyAdds = (text: string): { readonly text: string; readonly count: number } => {
  const fused = text.replace(multiplyAdd, '(f32x4.relaxed_madd (local.get $2) (local.get $3) (local.get $1))')
  if (/^[^;]*f32x4\.mul/m.test(fused)) throw new Error('fuseMultiplyAdds: an f32x4.mul is left that is not written as c + x·y')
  return { text: fused, count: (text.match(multiplyAdd) ?? []).length }
}

type Wabt = Awaited<ReturnType<typeof wabtInit>>
let wabt: Wabt | undefined

/** Assemble and validate `text` (named `source` in errors) with SIMD, threads, bulk memory and, if asked, relaxed SIMD. */
export const assemble = async (source: string, text: string, relaxed: boolean): Promise<Uint8Array> => {
  wabt ??= await wabtInit()
  const features = { simd: true, threads: true, bulk_memory: true, relaxed_simd: relaxed }
  const module = wabt.parseWat(source, text, features)
  try {
    const validate: (f: typeof features) => void = module.validate.bind(module)
    validate(features)
    return module.toBinary({ log: false, write_debug_names: false }).buffer
  } finally {
    module.destroy()
  }
}
