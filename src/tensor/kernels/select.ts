/**
 * Which backend the operations use, and how backends register.
 *
 * Registration: `loaders` below names one loader per backend folder. A loader returns the
 * backend's (possibly partial) table, or Left with the reason it cannot run here. The chosen
 * backend is completed operation by operation from the backends below it in `fallbackOrder`
 * (native → wasm → js → reference): an operation a backend does not fill comes from the next
 * one that does, down to the reference loops, which fill everything.
 *
 * Choice: `auto` (the default, at the first operation) takes the first backend in
 * `fallbackOrder` that loads. `selectKernels(name)` asks for one; if it cannot load, the next
 * one that can takes over and `kernelStatus().fallbackReason` says why, once, for the caller to
 * print. Nothing ever crashes for want of a backend.
 *
 * Scope: `withKernels(backend, f)` runs `f` with another backend and restores the previous one
 * afterwards (also when `f` throws), so a spec can run one operation on two backends side by
 * side without leaving anything changed. This selection is the one piece of configuration state
 * in the tensor module: it changes speed only, never results beyond float rounding (each
 * backend's spec holds it to the reference; each backend is deterministic on its own).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { blocked, loadJsKernels } from './js/index.js'
import { complete } from './kernels.js'
import type { Backend, Kernels, LoadOptions, OpName } from './kernels.js'
import { reference } from './reference/index.js'
import { loadNativeKernels, NOT_NODE } from './native/index.js'
import { loadWasmKernels } from './wasm/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A registered backend: one folder under `src/tensor/kernels/`. @category kernels @since 0.3.0 */
export type BackendName = 'native' | 'wasm' | 'js' | 'reference'

/** A backend request: `auto` = the fastest that loads; `js` = blocked JavaScript. @category kernels @since 0.2.0 */
export type KernelChoice = 'auto' | BackendName

/** What is in use, and why not something faster. @category kernels @since 0.2.0 */
export interface KernelStatus {
  /** The active backend's name: `wasm-simd`, `wasm-simd×2`, `js-blocked`, `reference`, … */
  readonly active: string
  /** Threads requested for large products (1 or 2). */
  readonly threads: 1 | 2
  /** Set when the requested backend failed to load and another took over. */
  readonly fallbackReason: string | undefined
  /** Which backend provides each operation (the active one, or one it falls back to). */
  readonly providers: { readonly [K in OpName]: string }
}

/**
 * Options of `selectKernels`. `wasmBytes` replaces the built module and `nativeBuildDir` the
 * native build folder (both for testing the fallback).
 * @category kernels @since 0.2.0
 */
export interface SelectOptions {
  readonly threads?: 1 | 2
  readonly wasmBytes?: Uint8Array
  readonly nativeBuildDir?: string
}

// -------------------------------------------------------------------------------------
// registration
// -------------------------------------------------------------------------------------

/** The loader of each backend folder. @category kernels @since 0.3.0 */
export const loaders: { readonly [K in BackendName]: (options: LoadOptions) => E.Either<string, Backend> } = {
  native: loadNativeKernels,
  wasm: loadWasmKernels,
  js: loadJsKernels,
  reference: () => E.right(reference)
}

/** Fastest first; `auto` takes the first that loads, and each backend falls back to those after it. @category kernels @since 0.3.0 */
export const fallbackOrder: ReadonlyArray<BackendName> = ['native', 'wasm', 'js', 'reference']

// -------------------------------------------------------------------------------------
// state
// -------------------------------------------------------------------------------------

let active: Kernels | undefined
let threads: 1 | 2 = 1
let fallbackReason: string | undefined

// -------------------------------------------------------------------------------------
// kernels
// -------------------------------------------------------------------------------------

/**
 * The complete table for a choice, and why the choice itself could not be had (if it could
 * not). Pure apart from loading (a loader may compile a module once per process).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const { kernels } = Tensor.resolveKernels('js', { threads: 1 })
 * assert.strictEqual(kernels.providers.gemm, 'js-blocked')
 *
 * @category kernels
 * @since 0.3.0
 */
export const resolveKernels = (choice: KernelChoice, options: LoadOptions): { readonly kernels: Kernels; readonly fallbackReason: string | undefined } => {
  const start = choice === 'auto' ? 0 : fallbackOrder.indexOf(choice)
  const loaded = fallbackOrder.slice(start).map((name) => [name, loaders[name](options)] as const)
  const usable = loaded.flatMap(([, b]) => (E.isRight(b) ? [b.right] : []))
  // The last usable one is always complete (the reference is), and each earlier one falls back on it.
  const kernels = usable.reduceRight<Kernels>((below, b) => complete(b, below), reference)
  const first = loaded[0]
  const reason = choice !== 'auto' && first !== undefined && E.isLeft(first[1]) ? first[1].left : undefined
  // `auto` reports why the native kernels are not used, in Node (elsewhere their absence is
  // normal), and why WebAssembly failed if it did.
  const why = (name: BackendName): ReadonlyArray<string> => loaded.flatMap(([n, b]) => (n === name && E.isLeft(b) ? [b.left] : []))
  const autoReasons = [...why('native').filter((r) => !r.startsWith(NOT_NODE)), ...why('wasm')]
  const autoReason = choice === 'auto' && autoReasons.length > 0 ? autoReasons.join('; ') : undefined
  return { kernels, fallbackReason: reason ?? autoReason }
}

/**
 * Choose a backend by name (see the file header); returns the resulting status.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const status = Tensor.selectKernels('reference')
 * assert.strictEqual(status.active, 'reference')
 * Tensor.selectKernels('auto')
 *
 * @category kernels
 * @since 0.2.0
 */
export const selectKernels = (choice: KernelChoice, options: SelectOptions = {}): KernelStatus => {
  threads = options.threads ?? threads
  const resolved = resolveKernels(choice, {
    threads,
    ...(options.wasmBytes === undefined ? {} : { wasmBytes: options.wasmBytes }),
    ...(options.nativeBuildDir === undefined ? {} : { nativeBuildDir: options.nativeBuildDir })
  })
  active = resolved.kernels
  fallbackReason = resolved.fallbackReason
  return kernelStatus()
}

/**
 * The backend in use, and why (see `KernelStatus`).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * Tensor.selectKernels('js')
 * assert.strictEqual(Tensor.kernelStatus().providers.gemm, 'js-blocked')
 * Tensor.selectKernels('auto')
 *
 * @category kernels
 * @since 0.2.0
 */
export const kernelStatus = (): KernelStatus => {
  const k = activeKernels()
  return { active: k.name, threads, fallbackReason, providers: k.providers }
}

/**
 * The complete table in use (chosen by capability at the first call).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * assert.strictEqual(typeof Tensor.activeKernels().gemm, 'function')
 *
 * @category kernels
 * @since 0.1.0
 */
export const activeKernels = (): Kernels => {
  if (active === undefined) selectKernels('auto')
  return active ?? blocked
}

/**
 * Run `f` with another backend — a choice name, or any (partial) table, completed over the
 * JavaScript backend — and restore the previous one afterwards, also when `f` throws.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const a = Tensor.tensor([[1, 2], [3, 4]])
 * const slow = Tensor.withKernels('reference', () => Tensor.matmul(a, a))
 * const fast = Tensor.withKernels('wasm', () => Tensor.matmul(a, a))
 * assert.deepStrictEqual(Tensor.toNested(slow), Tensor.toNested(fast))
 *
 * @category kernels
 * @since 0.3.0
 */
export const withKernels = <A>(kernels: KernelChoice | Backend, f: () => A): A => {
  const previous = activeKernels()
  active = typeof kernels === 'string' ? resolveKernels(kernels, { threads }).kernels : complete(kernels, blocked)
  try {
    return f()
  } finally {
    active = previous
  }
}

/**
 * Use another backend (any partial table, completed over the JavaScript backend) from now on;
 * returns the one that was active, so a caller can restore it. Prefer `withKernels`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const previous = Tensor.useKernels(Tensor.referenceKernels)
 * Tensor.useKernels(previous)
 *
 * @category kernels
 * @since 0.1.0
 */
export const useKernels = (kernels: Backend): Kernels => {
  const previous = activeKernels()
  active = complete(kernels, blocked)
  return previous
}
