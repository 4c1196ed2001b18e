/**
 * The WebAssembly backend's element-wise kernels (`gemm.wat`'s axpy, relu, reluGrad, sumRows and
 * nonFiniteBlock): float32 arrays are copied into the module's memory, run four lanes at a time,
 * and the result copied out; float64 goes to the reference loops. The bytes are the reference's
 * (the same roundings in the same order), so a training step gives the same checkpoint whichever
 * of the two ran it.
 *
 * Why copy: the module can read only its own memory. A copy is a memcpy, and the JavaScript loops
 * these replace take 2–4 ns an element (measured on a 2-core EPYC Zen 3, Node 20: 300 µs for the
 * axpy of an MNIST W1, 78,400 floats; 180 µs for its non-finite scan).
 *
 * Memory layout of a call (bytes, each region a multiple of 16): the inputs in argument order, then
 * the output, each n floats rounded up to 4 (the lanes past n work on padding and are never copied
 * out). The product's layout reuses the same memory: nothing is kept between calls.
 *
 * @since 0.3.0
 */
import type { Axpy, Backend, FloatArray, NonFiniteIndex, Relu, ReluGrad, SumRows } from '../kernels.js'
import { referenceAxpy, referenceNonFiniteIndex, referenceRelu, referenceReluGrad, referenceSumRows } from '../reference/elementwise.js'
import { viewOf } from './instance.js'
import type { GemmInstance } from './instance.js'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The element-wise part of the backend on `wasm` (its unshared instance: these run on the calling thread). @internal */
export const wasmElementwise = (wasm: GemmInstance): Pick<Required<Backend>, 'axpy' | 'relu' | 'reluGrad' | 'sumRows' | 'nonFiniteIndex'> => {
  const k = wasm.exports
  const axpy: Axpy = (alpha, x, y, out) => {
    if (!(f32(x) && f32(y) && f32(out))) return referenceAxpy(alpha, x, y, out)
    const s = region(out.length)
    const f = viewOf(wasm, 3 * s)
    f.set(x, 0)
    f.set(y, s / 4)
    k.axpy(alpha, 0, s, 2 * s, out.length)
    out.set(f.subarray(s / 2, s / 2 + out.length))
  }
  const relu: Relu = (x, out) => {
    if (!(f32(x) && f32(out))) return referenceRelu(x, out)
    const s = region(out.length)
    const f = viewOf(wasm, 2 * s)
    f.set(x, 0)
    k.relu(0, s, out.length)
    out.set(f.subarray(s / 4, s / 4 + out.length))
  }
  const reluGrad: ReluGrad = (d, x, out) => {
    if (!(f32(d) && f32(x) && f32(out))) return referenceReluGrad(d, x, out)
    const s = region(out.length)
    const f = viewOf(wasm, 3 * s)
    f.set(d, 0)
    f.set(x, s / 4)
    k.reluGrad(0, s, 2 * s, out.length)
    out.set(f.subarray(s / 2, s / 2 + out.length))
  }
  // out's values come in too: the kernel adds to them, as the reference does.
  const sumRows: SumRows = (x, out, rows, cols) => {
    if (!(f32(x) && f32(out))) return referenceSumRows(x, out, rows, cols)
    const sx = region(rows * cols)
    const f = viewOf(wasm, sx + region(cols))
    f.set(x.subarray(0, rows * cols), 0)
    f.set(out.subarray(0, cols), sx / 4)
    k.sumRows(0, sx, rows, cols)
    out.set(f.subarray(sx / 4, sx / 4 + cols))
  }
  // The module finds the block of 64 floats; the reference's scan finds the element from there, in `x` itself.
  const nonFiniteIndex: NonFiniteIndex = (x) => {
    if (!f32(x)) return referenceNonFiniteIndex(x)
    const n = x.length
    const f = viewOf(wasm, region(n))
    f.set(x, 0)
    f.fill(0, n, up4(n)) // the padding is scanned too: finite
    const block = k.nonFiniteBlock(0, up4(n))
    const within = block < 0 ? -1 : referenceNonFiniteIndex(x.subarray(block))
    return within < 0 ? -1 : block + within
  }
  return { axpy, relu, reluGrad, sumRows, nonFiniteIndex }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const f32 = (x: FloatArray): x is Float32Array => x instanceof Float32Array

const up4 = (n: number): number => (n + 3) & ~3

/** Bytes of a region of n floats, rounded up to 4 floats and one spare vector (what sumRows reads past a short last row). */
const region = (n: number): number => 4 * (up4(n) + 4)
