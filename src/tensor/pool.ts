/**
 * Memory reuse behind the immutable API: a training loop that *owns* the large arrays of a step
 * (it made them and handed them to no one) may give them back, and `allocate` hands them out
 * again, zeroed, instead of asking the system for fresh memory.
 *
 * Why: on this machine writing fresh memory costs 10–15× more than writing memory already in use
 * (every new page faults once), and a step of a small MLP makes a dozen arrays of 40–320 KB that
 * are dead when it ends. A tensor's data is still never written after the tensor is minted: an
 * array comes back from the pool only after its tensor is unreachable, so nobody can see it change.
 *
 * The contract, for the one caller that can keep it (`Train.fit`): `allocations(f)` records every
 * array of at least `MIN_LENGTH` elements that `allocate` makes while `f` runs; `recycle(made, live)`
 * gives back those of them whose buffer no tensor of `live` uses — so `made` must hold only arrays
 * of tensors that nothing else holds once `live` is kept (the step's tapes, gradients, updates and
 * the previous state's parameters when that state was never handed out).
 *
 * @since 0.3.0
 */
import type { DType, Tensor } from './tensor.js'
import type { Shape } from './shape.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The arrays recorded by `allocations` (opaque: only `recycle` and `joinAllocations` read it). @category model @since 0.3.0 */
export interface Allocations {
  /** How many arrays it holds. */
  readonly count: number
  /** Phantom: so that only this module can make one. */
  readonly [AllocationsBrand]: true
}

declare const AllocationsBrand: unique symbol

// A record's arrays sit in a private field, so only this module can read them. (A WeakMap from
// record to arrays did the same, with a lookup and an entry for the collector to trace per record.)
class Recorded {
  readonly count: number
  readonly #arrays: ReadonlyArray<Pooled>
  private constructor(arrays: ReadonlyArray<Pooled>) {
    this.count = arrays.length
    this.#arrays = arrays
    Object.freeze(this)
  }
  // cast: the brand is phantom (a type only), and a Recorded is the only Allocations there is.
  static of(arrays: ReadonlyArray<Pooled>): Allocations {
    return new Recorded(arrays) as unknown as Allocations
  }
  static arrays(a: Allocations): ReadonlyArray<Pooled> {
    return a instanceof Recorded ? a.#arrays : []
  }
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Run `f` and record the arrays of `MIN_LENGTH` elements or more that tensors made while it ran
 * got (nested calls record into every enclosing record too).
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const [t, made] = Tensor.allocations(() => Tensor.zeros([100, 100]))
 * assert.strictEqual(t.size, 10000)
 * assert.strictEqual(made.count, 1)
 *
 * @category operations
 * @since 0.3.0
 */
export const allocations = <A>(f: () => A): readonly [A, Allocations] => {
  const mine: Array<Pooled> = []
  records.push(mine)
  try {
    return [f(), Recorded.of(mine)]
  } finally {
    records.pop()
  }
}

/**
 * Give back to the allocator every array of `made` whose buffer no tensor of `live` uses; returns
 * the others (those `live` still holds), to be offered again once `live` is dead in turn.
 * Only for arrays whose tensors nothing else can reach any more (see the module's contract):
 * after this their memory backs new tensors.
 *
 * @example
 * import { Tensor } from 'kanzen'
 * const [[dead, kept], made] = Tensor.allocations(() => [Tensor.ones([64, 64]), Tensor.ones([64, 64])] as const)
 * const left = Tensor.recycle(made, [kept])
 * assert.strictEqual(left.count, 1)
 * const again = Tensor.zeros([64, 64]) // may reuse dead's memory: zeroed, and dead is never read again
 * assert.ok(again.data.every((v) => v === 0) && kept.data.every((v) => v === 1))
 * void dead
 *
 * @category operations
 * @since 0.3.0
 */
export const recycle = (made: Allocations, live: Iterable<Tensor<Shape, DType>>): Allocations => {
  const arrays = Recorded.arrays(made)
  if (arrays.length === 0) return made
  const used = new Set<ArrayBufferLike>()
  for (const t of live) used.add(t.data.buffer)
  const kept: Array<Pooled> = []
  for (const a of arrays) {
    if (used.has(a.buffer)) kept.push(a)
    else give(a)
  }
  return Recorded.of(kept)
}

/** Both records in one. @example assert.strictEqual(Tensor.joinAllocations(Tensor.noAllocations, Tensor.noAllocations).count, 0) @category operations @since 0.3.0 */
export const joinAllocations = (a: Allocations, b: Allocations): Allocations => {
  if (a.count === 0) return b
  if (b.count === 0) return a
  const first = Recorded.arrays(a)
  const second = Recorded.arrays(b)
  // An array in both (nested records) is counted once. A step's records hold a few dozen arrays,
  // where a scan is cheaper than building a Set; larger records get the Set, so a join never
  // grows with the product of their sizes.
  const set = first.length * second.length > 4096 ? new Set(first) : undefined
  const inFirst = (x: Pooled): boolean => (set === undefined ? first.includes(x) : set.has(x))
  return Recorded.of([...first, ...second.filter((x) => !inFirst(x))])
}

/** The empty record. @category operations @since 0.3.0 */
export const noAllocations: Allocations = Recorded.of([])

// -------------------------------------------------------------------------------------
// internal (this folder only: `allocate` in tensor.ts)
// -------------------------------------------------------------------------------------

/**
 * Arrays shorter than this are not pooled. V8 keeps a typed array of at most 64 bytes (16
 * float32) inside its own heap, and makes one in about 0.03 µs; a longer one gets a separate
 * block of memory, about 1 µs each on this machine even at 100 floats (measured: 0.96–1.6 µs for
 * a fresh `Float32Array(100)`). A 784-100-10 step makes a dozen arrays of 100 values (biases and
 * their gradients), which is why the threshold sits at the first length V8 allocates apart
 * (first 4096, then 512: pooling the 1,000-element logits made the epoch about 3 % faster).
 * @internal
 */
export const MIN_LENGTH = 17

/**
 * An array of `n` elements from the pool (zeroed when `zero`), or undefined when it has none of
 * that length and dtype; either way the array `allocate` returns is passed to `noteAllocation`.
 * @internal
 */
export const takePooled = (f64: boolean, n: number, zero: boolean): Pooled | undefined => {
  const free = (f64 ? pool64 : pool32).get(n)
  const a = free?.pop()
  if (a === undefined) return undefined
  pooledBytes -= a.byteLength
  if (zero) a.fill(0)
  return a
}

/** Record an array `allocate` made (when an `allocations` call is running). @internal */
export const noteAllocation = (a: Pooled): void => {
  for (const r of records) r.push(a)
}

/** Is anything being recorded? (`allocate` skips the bookkeeping when not.) @internal */
export const recording = (): boolean => records.length > 0

/** Empty the pool (for specs and for a caller that wants the memory back). @category operations @since 0.3.0 */
export const drainPool = (): void => {
  pool32.clear()
  pool64.clear()
  pooledBytes = 0
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

type Pooled = Float32Array | Float64Array

// At most this many bytes wait in the pool, and this many arrays of one length (the rest go to
// the garbage collector as before): enough for the dead arrays of one step of a large MLP.
const MAX_BYTES = 256 * 2 ** 20
const MAX_PER_LENGTH = 16

const pool32 = new Map<number, Array<Float32Array>>()
const pool64 = new Map<number, Array<Float64Array>>()
let pooledBytes = 0
const records: Array<Array<Pooled>> = []

const give = (a: Pooled): void => {
  if (pooledBytes + a.byteLength > MAX_BYTES) return
  if (a instanceof Float64Array) push(pool64, a)
  else push(pool32, a)
}

const push = <A extends Pooled>(pool: Map<number, Array<A>>, a: A): void => {
  const free = pool.get(a.length)
  if (free === undefined) pool.set(a.length, [a])
  else if (free.length < MAX_PER_LENGTH && !free.includes(a)) free.push(a)
  else return
  pooledBytes += a.byteLength
}
