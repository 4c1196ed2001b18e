/**
 * A helper thread for the WebAssembly kernels: the second core.
 *
 * One worker (`node:worker_threads`) runs the same compiled module on the same shared memory. A
 * product is cut into tasks (blocks of rows of C, see `Plan`), and both threads CLAIM tasks from
 * a shared counter until none is left: if the other core is busy and the worker wakes late, the
 * calling thread simply does more of the tasks, so a loaded machine never makes a product slower
 * than one thread would (a fixed half-and-half split would wait for the late half). Both sides
 * BLOCK in `Atomics.wait` (a futex) and never spin: spinning threads are what make a BLAS
 * collapse when another process wants the core.
 *
 * Control words (Int32Array on a SharedArrayBuffer):
 *   [0] job number, bumped by the caller; the worker sleeps until it changes
 *   [1] claim counter: (job tag << 12) | next task; claimed by compare-and-exchange, so a worker
 *       that wakes after its job is over finds another tag and claims nothing
 *   [2] tasks the worker finished in this job; the caller sleeps until all tasks are done
 *   [4..20] the plan
 *
 * The worker is `unref`'d, so it never keeps a process alive, and is started lazily by the first
 * product large enough to split. Where there are no workers (browsers, or no shared memory),
 * `startPool` returns undefined and everything runs on the calling thread.
 *
 * @since 0.2.0
 */
import type { GemmExports, GemmInstance } from './instance.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A product cut into tasks: pointers ap, bp (the panels of gemm.wat) and c (bytes), m, k, n, the
 * panel strides lda, ldb and C's row stride ldc (floats), the panels' steps of p aStep, bStep (bytes),
 * the p-block length kc, rows per task (a multiple of 4, the height of a panel), the number of
 * tasks, the epilogue: a bias pointer (0: none) and relu (1), no relu (0) or none at all (−1), and
 * the kernel: 0 the 4 × 8 one (`gemm`), 1 the narrow ones (`gemmT`: ap and lda then describe
 * op(A)'s 8-row panels, bp is op(B) as stored with bStep its row stride, rows a multiple of 16).
 * @internal
 */
export type Plan = readonly [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number]

/** A started helper thread: `run(plan)` does every task of the plan on both threads. @internal */
export interface Pool {
  readonly run: (plan: Plan) => void
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Task t of a plan: rows t·rows … of C, over all blocks of p (the first block overwrites C,
 * later ones add to it), then the epilogue on those rows while they are in cache. The worker runs
 * a copy of this function (WORKER_SOURCE); the pool spec checks that the two agree.
 * @internal
 */
export const runTask = (wasm: Pick<GemmExports, 'gemm' | 'gemmT' | 'epilogue'>, plan: Plan, t: number): void => {
  const [ap, bp, c, m, k, n, lda, ldb, ldc, aStep, bStep, kc, rows, , bias, relu, kernel] = plan
  const i0 = t * rows
  const mt = Math.min(rows, m - i0)
  // the narrow kernel does all of p and the epilogue in registers
  if (kernel === 1) return wasm.gemmT(ap + 4 * (i0 / 8) * lda, bp, c + 4 * i0 * ldc, mt, k, n, lda, aStep, bStep, ldc, bias, relu > 0 ? 1 : 0)
  for (let p0 = 0; p0 < k; p0 += kc) {
    wasm.gemm(ap + 4 * (i0 / 4) * lda + p0 * aStep, bp + p0 * bStep, c + 4 * i0 * ldc, mt, Math.min(kc, k - p0), n, lda, ldb, ldc, aStep, bStep, p0 > 0 ? 1 : 0)
  }
  if (relu >= 0) wasm.epilogue(c + 4 * i0 * ldc, mt, n, ldc, bias, relu)
}

/** Start the helper thread, or undefined where the runtime has none. @internal */
export const startPool = (wasm: GemmInstance): Pool | undefined => {
  const threads = workerThreads()
  if (threads === undefined || !wasm.shared) return undefined
  const control = new Int32Array(new SharedArrayBuffer(4 * 21))
  let job = 0
  let alive = true
  try {
    const worker = new threads.Worker(WORKER_SOURCE, { eval: true, workerData: { module: wasm.module, memory: wasm.memory, control: control.buffer } })
    worker.unref()
    worker.on('error', () => (alive = false))
    worker.on('exit', () => (alive = false))
  } catch {
    return undefined
  }
  const run = (plan: Plan): void => {
    const tasks = plan[13]
    if (!alive) {
      for (let t = 0; t < tasks; t++) runTask(wasm.exports, plan, t)
      return
    }
    job = (job + 1) & 0x7ffff
    control.set(plan, 4)
    Atomics.store(control, 2, 0)
    Atomics.store(control, 1, job << 12)
    Atomics.store(control, 0, job)
    Atomics.notify(control, 0)
    let mine = 0
    for (;;) {
      const cur = Atomics.load(control, 1)
      if ((cur & 4095) >= tasks) break
      if (Atomics.compareExchange(control, 1, cur, cur + 1) !== cur) continue
      runTask(wasm.exports, plan, cur & 4095)
      mine++
    }
    for (;;) {
      const theirs = Atomics.load(control, 2)
      if (mine + theirs >= tasks) return
      Atomics.wait(control, 2, theirs)
    }
  }
  return { run }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Synchronous access to node:worker_threads without a static import, so the library still
// loads in a browser (process.getBuiltinModule: Node ≥ 20.16).
const workerThreads = (): typeof import('node:worker_threads') | undefined => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const mod = proc?.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined
  return mod?.Worker === undefined ? undefined : mod
}

// The worker: instantiate the module on the shared memory, then sleep until a job, claim tasks
// while there are any, sleep again. An idle worker costs no CPU.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { module, memory, control } = workerData
const { gemm, gemmT, epilogue } = new WebAssembly.Instance(module, { env: { memory } }).exports
const c = new Int32Array(control)
const runTask = (plan, t) => {
  const [ap, bp, cc, m, k, n, lda, ldb, ldc, aStep, bStep, kc, rows, , bias, relu, kernel] = plan
  const i0 = t * rows
  const mt = Math.min(rows, m - i0)
  if (kernel === 1) return gemmT(ap + 4 * (i0 / 8) * lda, bp, cc + 4 * i0 * ldc, mt, k, n, lda, aStep, bStep, ldc, bias, relu > 0 ? 1 : 0)
  for (let p0 = 0; p0 < k; p0 += kc) {
    gemm(ap + 4 * (i0 / 4) * lda + p0 * aStep, bp + p0 * bStep, cc + 4 * i0 * ldc, mt, Math.min(kc, k - p0), n, lda, ldb, ldc, aStep, bStep, p0 > 0 ? 1 : 0)
  }
  if (relu >= 0) epilogue(cc + 4 * i0 * ldc, mt, n, ldc, bias, relu)
}
let seen = 0
for (;;) {
  Atomics.wait(c, 0, seen)
  seen = Atomics.load(c, 0)
  const plan = Array.from(c.subarray(4, 21))
  for (;;) {
    const cur = Atomics.load(c, 1)
    if (cur >>> 12 !== seen || (cur & 4095) >= plan[13]) break
    if (Atomics.compareExchange(c, 1, cur, cur + 1) !== cur) continue
    runTask(plan, cur & 4095)
    Atomics.add(c, 2, 1)
    Atomics.notify(c, 2)
  }
}
`
