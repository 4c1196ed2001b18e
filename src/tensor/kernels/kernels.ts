/**
 * The kernel seam: the few hot loops that decide training speed, as one table of operations.
 *
 * A backend (`reference/`, `js/`, `wasm/`, and a native one) is a record that fills in any part
 * of this table (`Backend`); `complete` fills the rest from the backends below it, operation by
 * operation, down to the reference loops, which fill everything. Each signature is written once,
 * here. Every array argument is read-only except `out`, an array no tensor uses yet, which the
 * kernel fills: no kernel ever writes into its inputs. gemm, addRow, relu, reluGrad, axpy, the
 * convolution layer's (conv2dForward, conv2dBackward) and max pooling's (maxPoolForward,
 * maxPoolBackward) must write every element of their outputs and read none of them (they may still
 * hold what a recycled array held, see src/tensor/pool.ts); every other operation gets `out` zeroed.
 *
 * The operations:
 *   gemm      C = op(A)·op(B) [+ bias row] [then max(0, ·)]   (GemmSpec: m, k, n, layout, epilogue)
 *   im2col    image batch NCHW → one row per output position   (Window: kernel, stride, padding)
 *   col2im    the adjoint of im2col: rows summed back into images
 *   addRow    out[i][j] = x[i][j] + row[j]                      (the bias of A = X·W + b)
 *   relu      out[i] = max(0, x[i])
 *   reluGrad  out[i] = x[i] > 0 ? dOut[i] : 0                   (dOut ⊙ h′(x))
 *   axpy      out[i] = round(alpha · x[i]) + y[i]               (an SGD-style update, as scale then add)
 *   sumRows   out[j] = Σ_i x[i][j]                              (∂L/∂b = Σ over the batch of Δ)
 *   nonFiniteIndex  the index of the first NaN or ±Inf in x, or −1  (the training guard's scan)
 *   softmaxRows     each row's softmax or log-softmax, shifted by its maximum
 *   crossEntropyRows  L = −(1/N) Σ t·logY and ∂L/∂A from log-probabilities  (softmax cross-entropy)
 *
 * How a backend registers: it lives in its own folder `src/tensor/kernels/<name>/` whose
 * `index.ts` exports a loader `(options: LoadOptions) => Either<string, Backend>` (Left: why it
 * cannot run here), and `select.ts` names that loader in its `loaders` table under a
 * `BackendName`. Its spec holds each operation it fills to the reference (see
 * `spec/tensor/kernels/`).
 *
 * @since 0.1.0
 */

import { loweredConv } from './lowered-conv.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A float32 or float64 array. @category model @since 0.1.0 */
export type FloatArray = Float32Array | Float64Array

/**
 * One matrix product C = op(A)·op(B), row-major, with op(A) `m × k` and op(B) `k × n`. With
 * `transA`, A is stored `k × m` and read transposed; with `transB`, B is stored `n × k`.
 * Back-propagation needs three forms: X·W (forward), Xᵀ·Δ (∂L/∂W) and Δ·Wᵀ (the error for the
 * layer below), so no transposed copy is ever built by a caller.
 *
 * The optional epilogue is applied to the rounded product, exactly as the separate operations
 * would: first `bias` (a row of n values added to every row of C), then `relu`.
 *
 * @category model
 * @since 0.3.0
 */
export interface GemmSpec {
  readonly m: number
  readonly k: number
  readonly n: number
  readonly transA?: boolean
  readonly transB?: boolean
  readonly bias?: FloatArray
  readonly relu?: boolean
}

/**
 * The geometry of a 2-D sliding window over an NCHW batch `[batch, channels, height, width]`:
 * a `kernelH × kernelW` window moved by `strideH`, `strideW`, over the image padded with
 * `padH`, `padW` zeros on each side. The output is `outH × outW` positions per image, with
 * outH = ⌊(height + 2·padH − kernelH) / strideH⌋ + 1 (likewise outW).
 *
 * @category model
 * @since 0.3.0
 */
export interface Window {
  readonly batch: number
  readonly channels: number
  readonly height: number
  readonly width: number
  readonly kernelH: number
  readonly kernelW: number
  readonly strideH: number
  readonly strideW: number
  readonly padH: number
  readonly padW: number
  readonly outH: number
  readonly outW: number
}

/**
 * A convolution layer's sizes: the window over the input batch and the number of filters F.
 * With K = channels·kernelH·kernelW and P = outH·outW, x is `[batch, channels, height, width]`,
 * the filters w are `[F, K]` (the layer's `[F, C, kH, kW]`), the bias b is `[F]` and the output
 * `[batch, F, outH, outW]`.
 *
 * @category model
 * @since 0.3.0
 */
export interface ConvSpec extends Window {
  readonly filters: number
}

/**
 * y[n][f][oy][ox] = b[f] + Σ_{c,ky,kx} w[f][(c·kH + ky)·kW + kx] · x[n][c][oy·sH + ky − pH][ox·sW + kx − pW]
 * (zero outside the image), into the fresh `y` (every element written).
 *
 * @category model
 * @since 0.3.0
 */
export type Conv2dForward = (x: FloatArray, w: FloatArray, b: FloatArray, y: FloatArray, spec: ConvSpec) => void

/**
 * The gradients of `Conv2dForward` for dy = ∂L/∂y, into fresh arrays (every element written): dw = Σ_n Δ_n·col_n
 * (`[F, K]`), db[f] = Σ_{n,oy,ox} dy[n][f][oy][ox], and, unless `dx` is undefined,
 * dx = col2im(Δᵀ·w) (`[batch, channels, height, width]`).
 *
 * @category model
 * @since 0.3.0
 */
export type Conv2dBackward = (x: FloatArray, w: FloatArray, dy: FloatArray, dw: FloatArray, db: FloatArray, dx: FloatArray | undefined, spec: ConvSpec) => void

/**
 * Max pooling (no padding: `padH` and `padW` are 0): y[n][c][oy][ox] = the largest
 * x[n][c][oy·sH + ky][ox·sW + kx], and argmax its ky·kW + kx (the first on ties), into the fresh
 * `y` and `argmax` (a byte each when the window has at most 256 values).
 *
 * @category model
 * @since 0.3.0
 */
export type MaxPoolForward = (x: FloatArray, y: FloatArray, argmax: Uint8Array | Int32Array, window: Window) => void

/** Max pooling backward: each dy[…] added onto its window's winner in `dx`, zero elsewhere (the fresh `dx` is written entirely). @category model @since 0.3.0 */
export type MaxPoolBackward = (dy: FloatArray, argmax: Uint8Array | Int32Array, dx: FloatArray, window: Window) => void

/** C = op(A)·op(B) with the epilogue of `spec`, into the fresh `out` (m × n). @category model @since 0.3.0 */
export type Gemm = (a: FloatArray, b: FloatArray, out: FloatArray, spec: GemmSpec) => void

/**
 * im2col: `out` has one row per output position (n, oy, ox) and one column per (c, ky, kx),
 * i.e. it is `[batch·outH·outW, channels·kernelH·kernelW]`, and
 * out[(n·outH + oy)·outW + ox][(c·kH + ky)·kW + kx] = x[n][c][oy·sH + ky − pH][ox·sW + kx − pW]
 * (zero outside the image). A convolution is then one product with the filters.
 *
 * @category model
 * @since 0.3.0
 */
export type Im2col = (x: FloatArray, out: FloatArray, window: Window) => void

/** col2im: the adjoint of im2col — every entry of `cols` is added back to the pixel it was read from (into the fresh, zeroed `out`). @category model @since 0.3.0 */
export type Col2im = (cols: FloatArray, out: FloatArray, window: Window) => void

/** out[i][j] = x[i][j] + row[j] for a `rows × cols` matrix x. @category model @since 0.3.0 */
export type AddRow = (x: FloatArray, row: FloatArray, out: FloatArray, rows: number, cols: number) => void

/** out[i] = max(0, x[i]). @category model @since 0.3.0 */
export type Relu = (x: FloatArray, out: FloatArray) => void

/** out[i] = x[i] > 0 ? dOut[i] : 0. @category model @since 0.3.0 */
export type ReluGrad = (dOut: FloatArray, x: FloatArray, out: FloatArray) => void

/** out[i] = round(alpha · x[i]) + y[i], the product rounded to the dtype first (so: `add(y, scale(x, alpha))` in one pass). @category model @since 0.3.0 */
export type Axpy = (alpha: number, x: FloatArray, y: FloatArray, out: FloatArray) => void

/** out[j] = Σ_i x[i][j] for a `rows × cols` matrix x (out has `cols` entries). @category model @since 0.3.0 */
export type SumRows = (x: FloatArray, out: FloatArray, rows: number, cols: number) => void

/** The index of the first NaN, +Inf or −Inf in x, or −1 when every element is finite. @category model @since 0.3.0 */
export type NonFiniteIndex = (x: FloatArray) => number

/**
 * Each row of the `rows × cols` matrix x through softmax, or log-softmax when `log`, into `out`
 * (written in full), with c the row's maximum (JavaScript's `Math.max`: NaN if any is NaN) and
 * every sum and exponential in float64, in column order:
 *
 *   z = Σ_j e^(x_j − c),   out_j = log ? x_j − c − ln z : e^(x_j − c) / z
 *
 * @category model
 * @since 0.3.0
 */
export type SoftmaxRows = (x: FloatArray, out: FloatArray, rows: number, cols: number, log: boolean) => void

/**
 * The mean cross-entropy of log-probabilities `logY` (`rows × cols`) against targets, returned,
 * and its gradient with respect to the logits into `grad` (written in full). The targets are
 * either `classes` (one per row; a value outside 0..cols−1, such as −1, matches no column) or
 * `targets`, rows of logY's shape (one-hot or probabilities). In float64, row by row, column order:
 *
 *   L = −(1/N) Σ_b Σ_j t_bj · logY_bj   (a term with t = 0 is skipped, so −∞ never meets 0)
 *   grad_bj = (e^logY_bj · Σ_j t_bj − t_bj) / N
 *
 * @category model
 * @since 0.3.0
 */
export type CrossEntropyRows = (logY: FloatArray, classes: Int32Array | undefined, targets: FloatArray | undefined, grad: FloatArray, rows: number, cols: number) => number

/**
 * The same values as bytes: x[i] = table[codes[i]] for every element of an array x made by
 * `Tensor.fromByteCodes` (or cut from one). The table has at most 256 values, of x's type.
 *
 * @category model
 * @since 0.4.0
 */
export interface ByteCodes {
  readonly codes: Uint8Array
  readonly table: FloatArray
}

/**
 * out[r·w + j] = x[indices[r]·w + j] for each r and j < w (w = `width`): the rows of the matrix x
 * at `indices`, in that order, into the fresh `out` — a shuffled mini-batch. Every index is in
 * range (the caller checked it). With `codes` (x's elements as bytes, `ByteCodes`) a backend may
 * build the rows from the codes instead, a quarter of the bytes to fetch; the result is the same.
 *
 * @category model
 * @since 0.3.0
 */
export type GatherRows = (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes) => void

/**
 * `GatherRows`, begun now and finished by the function it returns, which must be called before
 * `out` is read: a backend with a second thread gathers the next mini-batch while a training step
 * runs; the native one on one thread asks the memory for the rows now and copies them at the finish.
 * Nothing else may read or write `out`, or write `x`, in between. Other backends gather at once.
 *
 * @category model
 * @since 0.3.0
 */
export type StartGatherRows = (x: FloatArray, indices: Int32Array, out: FloatArray, width: number, codes?: ByteCodes) => () => void

/** Every operation of the seam. @category model @since 0.3.0 */
export interface Ops {
  readonly gemm: Gemm
  readonly im2col: Im2col
  readonly col2im: Col2im
  readonly conv2dForward: Conv2dForward
  readonly conv2dBackward: Conv2dBackward
  readonly maxPoolForward: MaxPoolForward
  readonly maxPoolBackward: MaxPoolBackward
  readonly addRow: AddRow
  readonly relu: Relu
  readonly reluGrad: ReluGrad
  readonly axpy: Axpy
  readonly sumRows: SumRows
  readonly nonFiniteIndex: NonFiniteIndex
  readonly softmaxRows: SoftmaxRows
  readonly crossEntropyRows: CrossEntropyRows
  readonly gatherRows: GatherRows
  readonly startGatherRows: StartGatherRows
}

/** The name of one operation of the seam. @category model @since 0.3.0 */
export type OpName = keyof Ops

/**
 * A backend: a name and any part of the table (`providers` only when it is itself a completed
 * table, which then keeps saying where each operation comes from).
 *
 * @category model
 * @since 0.3.0
 */
export type Backend = { readonly name: string; readonly providers?: { readonly [K in OpName]: string } } & Partial<Ops>

/**
 * A complete table, as the operations use it: every operation, and for each the name of the
 * backend that provides it (so `kernelStatus()` can say what runs where).
 *
 * @category model
 * @since 0.1.0
 */
export interface Kernels extends Ops {
  /** A short name for reports: `reference`, `js-blocked`, `wasm-simd`, `wasm-simd×2`, … */
  readonly name: string
  readonly providers: { readonly [K in OpName]: string }
}

/**
 * What a backend's loader may use: threads for large products (1 or 2), and, for testing a
 * fallback, replacement module bytes or another native build folder.
 * @category model @since 0.3.0
 */
export interface LoadOptions {
  readonly threads: 1 | 2
  readonly wasmBytes?: Uint8Array
  readonly nativeBuildDir?: string
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** Every operation name, in the table's order. @category combinators @since 0.3.0 */
export const opNames: ReadonlyArray<OpName> = ['gemm', 'im2col', 'col2im', 'conv2dForward', 'conv2dBackward', 'maxPoolForward', 'maxPoolBackward', 'addRow', 'relu', 'reluGrad', 'axpy', 'sumRows', 'nonFiniteIndex', 'softmaxRows', 'crossEntropyRows', 'gatherRows', 'startGatherRows']

/**
 * A complete table from a backend and the complete table below it: each operation the backend
 * fills is its own, every other one is the fallback's (with the fallback's provider name).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const k = Tensor.completeKernels({ name: 'mine', relu: (x, out) => out.set(x) }, Tensor.referenceKernels)
 * assert.strictEqual(k.providers.relu, 'mine')
 * assert.strictEqual(k.providers.gemm, 'reference')
 *
 * @category combinators
 * @since 0.3.0
 */
export const complete = (backend: Backend, fallback: Kernels): Kernels => {
  const gemm = backend.gemm ?? fallback.gemm
  const gemmBy = backend.gemm === undefined ? fallback.providers.gemm : (backend.providers?.gemm ?? backend.name)
  // A backend with a GEMM of its own but no convolution gets the convolution lowered onto that
  // GEMM (im2col): the fallback's would run on the fallback's slower product.
  const lowered = backend.gemm !== undefined && (backend.conv2dForward === undefined || backend.conv2dBackward === undefined) ? loweredConv(gemm) : undefined
  const convBy = (op: 'conv2dForward' | 'conv2dBackward'): string =>
    backend[op] !== undefined ? (backend.providers?.[op] ?? backend.name) : lowered !== undefined ? `im2col+${gemmBy}` : fallback.providers[op]
  return {
    name: backend.name,
    gemm,
    im2col: backend.im2col ?? fallback.im2col,
    col2im: backend.col2im ?? fallback.col2im,
    conv2dForward: backend.conv2dForward ?? lowered?.conv2dForward ?? fallback.conv2dForward,
    conv2dBackward: backend.conv2dBackward ?? lowered?.conv2dBackward ?? fallback.conv2dBackward,
    maxPoolForward: backend.maxPoolForward ?? fallback.maxPoolForward,
    maxPoolBackward: backend.maxPoolBackward ?? fallback.maxPoolBackward,
    addRow: backend.addRow ?? fallback.addRow,
    relu: backend.relu ?? fallback.relu,
    reluGrad: backend.reluGrad ?? fallback.reluGrad,
    axpy: backend.axpy ?? fallback.axpy,
    sumRows: backend.sumRows ?? fallback.sumRows,
    nonFiniteIndex: backend.nonFiniteIndex ?? fallback.nonFiniteIndex,
    softmaxRows: backend.softmaxRows ?? fallback.softmaxRows,
    crossEntropyRows: backend.crossEntropyRows ?? fallback.crossEntropyRows,
    gatherRows: backend.gatherRows ?? fallback.gatherRows,
    startGatherRows: backend.startGatherRows ?? fallback.startGatherRows,
    providers: {
      gemm: gemmBy,
      im2col: backend.im2col === undefined ? fallback.providers.im2col : (backend.providers?.im2col ?? backend.name),
      col2im: backend.col2im === undefined ? fallback.providers.col2im : (backend.providers?.col2im ?? backend.name),
      conv2dForward: convBy('conv2dForward'),
      conv2dBackward: convBy('conv2dBackward'),
      maxPoolForward: backend.maxPoolForward === undefined ? fallback.providers.maxPoolForward : (backend.providers?.maxPoolForward ?? backend.name),
      maxPoolBackward: backend.maxPoolBackward === undefined ? fallback.providers.maxPoolBackward : (backend.providers?.maxPoolBackward ?? backend.name),
      addRow: backend.addRow === undefined ? fallback.providers.addRow : (backend.providers?.addRow ?? backend.name),
      relu: backend.relu === undefined ? fallback.providers.relu : (backend.providers?.relu ?? backend.name),
      reluGrad: backend.reluGrad === undefined ? fallback.providers.reluGrad : (backend.providers?.reluGrad ?? backend.name),
      axpy: backend.axpy === undefined ? fallback.providers.axpy : (backend.providers?.axpy ?? backend.name),
      sumRows: backend.sumRows === undefined ? fallback.providers.sumRows : (backend.providers?.sumRows ?? backend.name),
      nonFiniteIndex: backend.nonFiniteIndex === undefined ? fallback.providers.nonFiniteIndex : (backend.providers?.nonFiniteIndex ?? backend.name),
      softmaxRows: backend.softmaxRows === undefined ? fallback.providers.softmaxRows : (backend.providers?.softmaxRows ?? backend.name),
      crossEntropyRows: backend.crossEntropyRows === undefined ? fallback.providers.crossEntropyRows : (backend.providers?.crossEntropyRows ?? backend.name),
      gatherRows: backend.gatherRows === undefined ? fallback.providers.gatherRows : (backend.providers?.gatherRows ?? backend.name),
      startGatherRows: backend.startGatherRows === undefined ? fallback.providers.startGatherRows : (backend.providers?.startGatherRows ?? backend.name)
    }
  }
}

/**
 * The epilogue of a product, in place on the product just written into `out` (which the kernel
 * allocated; nothing else has seen it): C[i][j] += bias[j], then C = max(0, C). Backends that do
 * not fuse it call this after their product; its results are those of `addRow` then `relu`.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const c = new Float32Array([1, -5, 2, 3])
 * Tensor.applyEpilogue(c, { m: 2, k: 1, n: 2, bias: new Float32Array([1, 1]), relu: true })
 * assert.deepStrictEqual(Array.from(c), [2, 0, 3, 4])
 *
 * @category combinators
 * @since 0.3.0
 */
export const applyEpilogue = (out: FloatArray, spec: GemmSpec): void => {
  const { m, n, bias, relu } = spec
  if (bias !== undefined) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + bias[j]!
    }
  }
  if (relu === true) for (let i = 0; i < m * n; i++) out[i] = out[i]! > 0 ? out[i]! : 0
}
