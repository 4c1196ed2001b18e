/**
 * Seeded generators for property specs: matrix sizes (including 1×1, tall, wide, and sizes that
 * are not multiples of a kernel block) and matrices of small values.
 */
import fc from 'fast-check'

export const dim = (max = 40): fc.Arbitrary<number> =>
  fc.oneof(fc.constant(1), fc.integer({ min: 1, max }), fc.constantFrom(3, 4, 5, 7, 8, 9, 17, 33))

export const floats = (n: number): fc.Arbitrary<Array<number>> =>
  fc.array(fc.double({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })

/** [m, k, n] and the data of an m×k and a k×n matrix. */
export const gemmCase = (max = 40): fc.Arbitrary<{ m: number; k: number; n: number; a: Array<number>; b: Array<number> }> =>
  fc
    .tuple(dim(max), dim(max), dim(max))
    .chain(([m, k, n]) => fc.record({ m: fc.constant(m), k: fc.constant(k), n: fc.constant(n), a: floats(m * k), b: floats(k * n) }))

/** Fixed seed for every property spec, so that a failure replays. */
export const seed = 20261128
