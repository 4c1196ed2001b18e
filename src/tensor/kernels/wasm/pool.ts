/**
 * A helper thread for the WebAssembly kernels: the second core.
 *
 * One worker (`node:worker_threads`) runs the same compiled module on the same shared memory.
 * A product is split by rows of C; the caller does the first half, the worker the second, and
 * the caller waits for it. Both sides BLOCK in `Atomics.wait` (a futex), they never spin: a
 * spinning thread is what makes a BLAS collapse when another process wants the core.
 *
 * Protocol, over a small Int32Array on a SharedArrayBuffer:
 *   [0] job number, bumped by the caller; the worker waits for it to change
 *   [1] last job done, set by the worker; the caller waits for it to reach the job number
 *   [2] number of gemm calls in the job, then 11 arguments per call from [3]
 *
 * The worker is `unref`'d, so it never keeps a process alive, and is started lazily by the first
 * product large enough to split. Where there are no workers (browsers, or no shared memory),
 * `startPool` returns undefined and everything runs on the calling thread.
 *
 * @since 0.2.0
 */
import type { GemmInstance } from './instance.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One gemm call: the 11 arguments of `gemm` in gemm.wat. */
export type GemmCall = readonly [number, number, number, number, number, number, number, number, number, number, number]

/** A started helper thread: `run(calls, own)` gives it `calls`, runs `own` here, and waits. */
export interface Pool {
  readonly run: (calls: ReadonlyArray<GemmCall>, own: () => void) => void
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** Start the helper thread, or undefined where the runtime has none. */
export const startPool = (wasm: GemmInstance): Pool | undefined => {
  const threads = workerThreads()
  if (threads === undefined || !wasm.shared) return undefined
  const control = new Int32Array(new SharedArrayBuffer(4 * (3 + 11 * MAX_CALLS)))
  let job = 0
  let alive = true
  try {
    const worker = new threads.Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: wasm.module, memory: wasm.memory, control: control.buffer }
    })
    worker.unref()
    worker.on('error', () => (alive = false))
    worker.on('exit', () => (alive = false))
  } catch {
    return undefined
  }
  const run = (calls: ReadonlyArray<GemmCall>, own: () => void): void => {
    if (!alive || calls.length > MAX_CALLS) {
      own()
      for (const c of calls) wasm.exports.gemm(...c)
      return
    }
    control[2] = calls.length
    calls.forEach((c, q) => control.set(c, 3 + 11 * q))
    job++
    Atomics.store(control, 0, job)
    Atomics.notify(control, 0)
    own()
    for (;;) {
      const done = Atomics.load(control, 1)
      if (done === job) return
      Atomics.wait(control, 1, done)
    }
  }
  return { run }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const MAX_CALLS = 64

// Synchronous access to node:worker_threads without a static import, so the library still
// loads in a browser (process.getBuiltinModule: Node ≥ 20.16).
const workerThreads = (): typeof import('node:worker_threads') | undefined => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const mod = proc?.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined
  return mod?.Worker === undefined ? undefined : mod
}

// The worker: instantiate the module on the shared memory, then wait for jobs, forever. It blocks
// in Atomics.wait between jobs, so an idle worker costs no CPU.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { module, memory, control } = workerData
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm
const c = new Int32Array(control)
let seen = 0
for (;;) {
  Atomics.wait(c, 0, seen)
  seen = Atomics.load(c, 0)
  const calls = c[2]
  for (let q = 0; q < calls; q++) {
    const o = 3 + 11 * q
    gemm(c[o], c[o + 1], c[o + 2], c[o + 3], c[o + 4], c[o + 5], c[o + 6], c[o + 7], c[o + 8], c[o + 9], c[o + 10])
  }
  Atomics.store(c, 1, seen)
  Atomics.notify(c, 1)
}
`
