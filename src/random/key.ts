/**
 * A splittable pseudo-random key, in the style of JAX: randomness is a value passed around
 * explicitly, never a hidden global generator, so the same seed always gives the same run.
 *
 * A key is two 32-bit words. Every random number is a pure function of a key and a counter,
 * `bits(key, i)`, built from the 32-bit finaliser of MurmurHash3 (a bijective avalanche mix).
 * `split` derives independent child keys from counters no sampler uses, so a key can be handed
 * to several consumers (parameter init, dropout, shuffling) without them sharing a stream.
 *
 * Not for cryptography.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A random key: two unsigned 32-bit words. @category model @since 0.1.0 */
export interface Key {
  readonly _tag: 'Key'
  readonly hi: number
  readonly lo: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The key for a seed (any integer; only its low 53 bits matter).
 *
 * @example
 * import { Random } from 'kanzen'
 * assert.deepStrictEqual(Random.key(42), Random.key(42))
 *
 * @category constructors
 * @since 0.1.0
 */
export const key = (seed: number): Key => {
  const s = Math.trunc(seed)
  const lo = s >>> 0
  const hi = Math.floor(s / 2 ** 32) >>> 0
  return make(fmix(hi ^ 0x9e3779b9), fmix(lo ^ fmix(hi + 0x7f4a7c15)))
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * Two independent keys from one. Use each child for one purpose and never reuse the parent.
 *
 * @example
 * import { Random } from 'kanzen'
 * const [a, b] = Random.split(Random.key(0))
 * assert.notDeepStrictEqual(a, b)
 *
 * @category operations
 * @since 0.1.0
 */
export const split = (k: Key): readonly [Key, Key] => {
  const keys = splitN(k, 2)
  return [T.at(keys, 0), T.at(keys, 1)]
}

/**
 * `n` independent keys from one.
 *
 * @example
 * import { Random } from 'kanzen'
 * assert.strictEqual(Random.splitN(Random.key(0), 5).length, 5)
 *
 * @category operations
 * @since 0.1.0
 */
export const splitN = (k: Key, n: number): ReadonlyArray<Key> => {
  // A loop, not Array.from with a callback: a network's forward pass splits its key every step.
  const keys: Array<Key> = []
  for (let i = 0; i < n; i++) keys.push(make(bits(k, SPLIT_BASE - 2 * i), bits(k, SPLIT_BASE - 2 * i - 1)))
  return keys
}

/**
 * A key derived from a key and a number (an epoch, a step, a layer index): the same inputs
 * always give the same key, different numbers give independent keys.
 *
 * @example
 * import { Random } from 'kanzen'
 * const k = Random.key(1)
 * assert.deepStrictEqual(Random.foldIn(k, 3), Random.foldIn(k, 3))
 * assert.notDeepStrictEqual(Random.foldIn(k, 3), Random.foldIn(k, 4))
 *
 * @category operations
 * @since 0.1.0
 */
export const foldIn = (k: Key, data: number): Key => {
  const d = Math.trunc(data)
  const lo = d >>> 0
  const hi = Math.floor(d / 2 ** 32) >>> 0
  return make(fmix(k.hi ^ fmix(lo + 0x632be5ab)), fmix(k.lo ^ fmix(hi + 0x85ebca6b) ^ fmix(lo)))
}

/**
 * The i-th 32-bit random word of a key's stream (i ≥ 0): a pure function of (key, i).
 *
 * @category operations
 * @since 0.1.0
 */
export const bits = (k: Key, i: number): number => {
  const lo = i >>> 0
  const hi = Math.floor(i / 2 ** 32) >>> 0
  return fmix((fmix((k.lo ^ Math.imul(lo, 0x9e3779b1)) >>> 0) + k.hi + Math.imul(hi ^ 0x6a09e667, 0x85ebca77)) >>> 0)
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Counters from 2^53 down are reserved for split, so they never meet a sampler's counters.
const SPLIT_BASE = 2 ** 53 - 1

const make = (hi: number, lo: number): Key => ({ _tag: 'Key', hi: hi >>> 0, lo: lo >>> 0 })

// MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2.
const fmix = (h0: number): number => {
  let h = h0 >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
