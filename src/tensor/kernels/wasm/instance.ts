/**
 * Loading the WebAssembly SIMD kernels, synchronously.
 *
 * Tensor operations are synchronous, so loading must be too: the build (scripts/build-wasm.ts)
 * assembles `gemm.wat` and writes its bytes, base64-encoded, into the generated `binary.ts`;
 * here they are decoded and compiled with `new WebAssembly.Module(bytes)` (synchronous, about a
 * millisecond for this small module) the first time a product needs them. No file access, no
 * `await`, the same in Node and in browsers.
 *
 * Memory is imported, not defined by the module: one `WebAssembly.Memory` per instance, shared
 * (SharedArrayBuffer) when a worker thread is to run the same module on the same memory, plain
 * otherwise. It only ever grows to the largest product seen; operands
 * are copied in for a call and the result copied out, so tensors stay ordinary GC'd values.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { plainRelaxedWasm, plainWasm, sharedRelaxedWasm, sharedWasm } from './binary.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What this file uses of the WebAssembly JS API (declared here: tsconfig's libs have no DOM). @internal */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer
  readonly grow: (pages: number) => number
}
interface WasmApi {
  readonly validate: (bytes: Uint8Array) => boolean
  readonly Module: new (bytes: Uint8Array) => object
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown }
}

/** The functions `gemm.wat` exports; pointers and strides as described in its header. @internal */
export interface GemmExports {
  readonly gemm: (
    ap: number, bp: number, c: number, m: number, k: number, n: number,
    lda: number, ldb: number, ldc: number, aStep: number, bStep: number, acc: number
  ) => void
  readonly gemmT: (
    v: number, s: number, c: number, m: number, k: number, n: number,
    ldv: number, vs: number, ss: number, ldc: number, bias: number, relu: number
  ) => void
  readonly packA: (src: number, dst: number, m: number, k: number, trans: number) => void
  readonly packB: (src: number, dst: number, k: number, n: number, trans: number) => void
  readonly packT: (src: number, dst: number, m: number, k: number, w: number) => void
  readonly packQuads: (src: number, dst: number, k: number, n: number) => void
  readonly epilogue: (c: number, rows: number, n: number, ldc: number, bias: number, relu: number) => void
  readonly axpy: (alpha: number, x: number, y: number, out: number, n: number) => void
  readonly relu: (x: number, out: number, n: number) => void
  readonly reluGrad: (d: number, x: number, out: number, n: number) => void
  readonly sumRows: (x: number, out: number, rows: number, cols: number) => void
  readonly nonFiniteBlock: (x: number, n: number) => number
}

/** A compiled and instantiated kernel module with its memory. @internal */
export interface GemmInstance {
  readonly module: object
  readonly memory: WasmMemory
  readonly shared: boolean
  /** Whether this is the relaxed-SIMD build (fused multiply-add). */
  readonly relaxed: boolean
  readonly exports: GemmExports
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Compile and instantiate the kernels: the relaxed-SIMD build when the runtime validates it and
 * `relaxed` is not false, else the plain SIMD build; on shared memory where possible unless
 * `shared` is false (copies into and out of a SharedArrayBuffer are about 5× slower: V8 copies
 * shared memory word by word, so a product that stays on one thread runs on unshared memory). `bytes`
 * replaces the built binary (specs pass a corrupt one to check the fallback). Left carries the
 * reason the runtime refused (no SIMD, bad bytes).
 * @internal
 */
export const instantiate = (bytes?: Uint8Array, relaxed = true, shared = true): E.Either<string, GemmInstance> => {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (api === undefined) return E.left('this runtime has no WebAssembly')
  if (bytes !== undefined) return load(api, bytes, false, false)
  const fused = relaxed && relaxedSimd(api)
  if (shared) {
    const onShared = tryShared(api, fused)
    if (E.isRight(onShared)) return onShared
  }
  return load(api, decodeBase64(fused ? plainRelaxedWasm : plainWasm), false, fused)
}

/**
 * Whether the runtime accepts relaxed SIMD (Node ≥ 22 and current browsers; Node 20 with
 * `--experimental-wasm-relaxed-simd`): it validates the built relaxed module.
 * @internal
 */
export const relaxedSimd = (api: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly): boolean =>
  api !== undefined && api.validate(decodeBase64(plainRelaxedWasm))

/**
 * A float32 view of the memory holding at least `bytes` bytes, growing it (in 64 KiB pages) if
 * needed. The view is cached: for a shared memory every read of `memory.buffer` makes a new
 * SharedArrayBuffer object, which costs more than a small product, so it is read only after a grow.
 * @internal
 */
export const viewOf = (wasm: GemmInstance, bytes: number): Float32Array => {
  const cached = views.get(wasm)
  if (cached !== undefined && cached.byteLength >= bytes) return cached
  const have = wasm.memory.buffer.byteLength
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / 65536))
  const view = new Float32Array(wasm.memory.buffer)
  views.set(wasm, view)
  return view
}

const views = new WeakMap<GemmInstance, Float32Array>()

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const MAX_PAGES = 16384 // 1 GiB, the maximum gemm.wat declares

const EXPORTS: ReadonlyArray<keyof GemmExports> = ['gemm', 'gemmT', 'packA', 'packB', 'packT', 'packQuads', 'epilogue', 'axpy', 'relu', 'reluGrad', 'sumRows', 'nonFiniteBlock']

const tryShared = (api: WasmApi, relaxed: boolean): E.Either<string, GemmInstance> =>
  typeof SharedArrayBuffer === 'undefined' ? E.left('no SharedArrayBuffer') : load(api, decodeBase64(relaxed ? sharedRelaxedWasm : sharedWasm), true, relaxed)

const load = (api: WasmApi, bytes: Uint8Array, shared: boolean, relaxed: boolean): E.Either<string, GemmInstance> => {
  try {
    const module = new api.Module(bytes)
    const memory = new api.Memory({ initial: 1, maximum: MAX_PAGES, shared })
    const instance = new api.Instance(module, { env: { memory } })
    const exports = instance.exports as unknown as GemmExports
    const missing = EXPORTS.filter((name) => typeof exports[name] !== 'function')
    if (missing.length > 0) return E.left(`WebAssembly kernels: the module lacks the export${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`)
    return E.right({ module, memory, shared, relaxed, exports })
  } catch (e) {
    return E.left(`WebAssembly SIMD kernels failed to load: ${e instanceof Error ? e.message : String(e)}`)
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 (RFC 4648) to bytes: four characters carry three bytes. @internal */
export const decodeBase64 = (text: string): Uint8Array => {
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let value = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | ALPHABET.indexOf(clean[i]!)
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 0xff
    }
  }
  return out
}
