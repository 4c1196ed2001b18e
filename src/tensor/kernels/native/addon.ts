/**
 * Finding and loading the native addon (native/, built by scripts/build-native.mjs at install).
 *
 * The library entry must still load in a browser, so nothing here imports `node:` statically:
 * `process.getBuiltinModule` (Node ≥ 20.16) gives `node:module`'s `createRequire` and `node:fs`
 * at run time, as wasm/pool.ts does for worker threads. The addon is found relative to the
 * package root (the nearest folder above this module whose package.json is kanzen's), so the
 * same code works from `src/` in the repository and from `dist/` in an installed package.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One instruction-set path of the addon. @category kernels @since 0.3.0 */
export type NativeIsa = 'avx512' | 'avx2' | 'generic'

/** An array the addon reads or writes: both arguments of one call share the element type. */
type Floats = Float32Array | Float64Array

/**
 * What native/kanzen.cc exports (see there for the maths). `resolveIsa(name)` says which path a
 * request resolves to (the CPU's widest for 'best'); `gemm`'s `isa` is `isaCode` of it.
 * @internal
 */
export interface NativeAddon {
  readonly gemm: (
    a: Floats,
    b: Floats,
    c: Floats,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    /** 1; 2: cut a large product across both threads where that measured faster for its shape; 3: always cut it. */
    threads: number,
    isa: number,
    bias: Floats | null,
    relu: boolean
  ) => void
  readonly im2col: (img: Floats, cols: Floats, ...geometry: Geometry) => void
  readonly col2im: (cols: Floats, img: Floats, ...geometry: Geometry) => void
  /** conv.h: y = conv(x, w) + b for a whole batch, split across the threads. */
  readonly conv2dForward: (x: Floats, w: Floats, b: Floats, y: Floats, ...geometryFiltersThreadsIsa: ConvArgs) => void
  /** conv.h: dw, db and (unless null) dx of conv2dForward for dy. */
  readonly conv2dBackward: (x: Floats, w: Floats, dy: Floats, dw: Floats, db: Floats, dx: Floats | null, ...geometryFiltersThreadsIsa: ConvArgs) => void
  /** maxpool.h: max pooling forward (winners into argmax) and backward. */
  readonly maxPoolForward: (x: Floats, y: Floats, argmax: Uint8Array | Int32Array, ...geometryThreads: readonly [...Geometry, number]) => void
  readonly maxPoolBackward: (dy: Floats, argmax: Uint8Array | Int32Array, dx: Floats, ...geometryThreads: readonly [...Geometry, number]) => void
  readonly resolveIsa: (isa: NativeIsa | 'best') => NativeIsa
  readonly helperTasks: () => number
  /** The element-wise kernels (native/elementwise.h); absent from a build older than them. */
  readonly axpy?: (alpha: number, x: Floats, y: Floats, out: Floats) => void
  readonly relu?: (x: Floats, out: Floats) => void
  readonly reluGrad?: (dOut: Floats, x: Floats, out: Floats) => void
  readonly addRow?: (x: Floats, row: Floats, out: Floats, rows: number, cols: number) => void
  readonly sumRows?: (x: Floats, out: Floats, rows: number, cols: number) => void
  readonly nonFiniteIndex?: (x: Floats) => number
  /** native/softmax.h: softmax or log-softmax by rows, and cross-entropy (the mean, returned, and ∂L/∂logits); absent from a build older than them. */
  readonly softmaxRows?: (x: Floats, out: Floats, rows: number, cols: number, log: boolean) => void
  readonly crossEntropyRows?: (logY: Floats, classes: Int32Array | null, targets: Floats | null, grad: Floats, rows: number, cols: number) => number
  /**
   * native/rows.h: the rows of x at indices (checked), on `threads` threads, built from x's byte
   * codes and table when given (x[i] = table[codes[i]]); absent from a build older than it.
   */
  readonly gatherRows?: (x: Floats, indices: Int32Array, out: Floats, width: number, threads: number, codes?: Uint8Array | null, table?: Floats | null) => void
  /** The same gather on the helper thread (true: pending until gatherRowsJoin; false: done at once). */
  readonly gatherRowsStart?: (x: Floats, indices: Int32Array, out: Floats, width: number, codes?: Uint8Array | null, table?: Floats | null) => boolean
  readonly gatherRowsJoin?: () => void
  /** Ask for the rows (their codes when given) a later gather will read, without waiting for them. */
  readonly prefetchRows?: (x: Floats, indices: Int32Array, width: number, codes?: Uint8Array | null) => void
}

/** The number `gemm` takes for a path. @internal */
export const isaCode = (isa: NativeIsa): number => (isa === 'avx512' ? 2 : isa === 'avx2' ? 1 : 0)

/** batch, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, outH, outW. @internal */
export type Geometry = readonly [number, number, number, number, number, number, number, number, number, number, number, number]

/** The geometry, then filters, threads and the isa code. @internal */
export type ConvArgs = readonly [...Geometry, number, number, number]

/** How the reason starts when the runtime is not Node (then native kernels are not expected). @internal */
export const NOT_NODE = 'native kernels need Node ≥ 20.16'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Load the addon from `buildDir` (default: `<package root>/native/build`). Left says why not:
 * not in Node, never built (with the install script's recorded reason), or a load error.
 * @internal
 */
export const loadAddon = (buildDir?: string): E.Either<string, NativeAddon> => {
  const node = nodeModules()
  if (node === undefined) return E.left(`${NOT_NODE} (process.getBuiltinModule); this runtime has none`)
  const dir = buildDir ?? packageBuildDir(node)
  if (dir === undefined) return E.left('native kernels: cannot find the kanzen package folder above this module')
  const file = `${dir}/Release/kanzen_native.node`
  if (!node.fs.existsSync(file)) {
    const record = `${dir}/kanzen-build.txt`
    const why = node.fs.existsSync(record)
      ? node.fs.readFileSync(record, 'utf8').trim()
      : 'native kernels not built: the install script did not run (npm run build:native, or npm rebuild kanzen)'
    return E.left(why)
  }
  try {
    const addon: unknown = node.module.createRequire(file)(file)
    return isAddon(addon) ? E.right(addon) : E.left(`native kernels: ${file} is not kanzen's addon`)
  } catch (e) {
    return E.left(`native kernels failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

interface NodeModules {
  readonly module: typeof import('node:module')
  readonly fs: typeof import('node:fs')
  readonly url: typeof import('node:url')
}

const nodeModules = (): NodeModules | undefined => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const get = proc?.getBuiltinModule
  if (get === undefined) return undefined
  const module = get('node:module') as typeof import('node:module') | undefined
  const fs = get('node:fs') as typeof import('node:fs') | undefined
  const url = get('node:url') as typeof import('node:url') | undefined
  return module?.createRequire === undefined || fs?.existsSync === undefined || url?.fileURLToPath === undefined ? undefined : { module, fs, url }
}

// The nearest folder above this module with kanzen's package.json (src/tensor/kernels/native/
// in the repository, dist/ in a package), then its native/build.
const packageBuildDir = (node: NodeModules): string | undefined => {
  let dir = node.url.fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '')
  for (let i = 0; i < 8 && dir !== ''; i++) {
    const manifest = `${dir}/package.json`
    if (node.fs.existsSync(manifest) && /"name"\s*:\s*"kanzen"/.test(node.fs.readFileSync(manifest, 'utf8'))) return `${dir}/native/build`
    dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/')))
  }
  return undefined
}

const isAddon = (x: unknown): x is NativeAddon =>
  typeof x === 'object' &&
  x !== null &&
  ['gemm', 'im2col', 'col2im', 'conv2dForward', 'conv2dBackward', 'maxPoolForward', 'maxPoolBackward', 'resolveIsa', 'helperTasks'].every((f) => typeof (x as Record<string, unknown>)[f] === 'function')
