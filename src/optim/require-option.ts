/**
 * Checks on hyper-parameters, made once when a transform or schedule is built. A decay rate
 * of 1.5 or a schedule over 0 steps is a programming error like an index out of range: it
 * stops at construction with a `RangeError` naming the constructor, the option, what was
 * expected and what was found — never later as a NaN in the middle of training.
 *
 * @internal
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** x is a finite number ≥ 0 (learning rates, weight decay, ε). @internal */
export const requireNonNegative = (op: string, name: string, x: number): number =>
  check(op, name, x, Number.isFinite(x) && x >= 0, 'a finite number ≥ 0')

/** x is a finite number > 0 (a maximum norm). @internal */
export const requirePositive = (op: string, name: string, x: number): number =>
  check(op, name, x, Number.isFinite(x) && x > 0, 'a finite number > 0')

/** 0 ≤ x < 1 (the decay of a moving average; 1 would never forget and break bias correction). @internal */
export const requireDecay = (op: string, name: string, x: number): number =>
  check(op, name, x, x >= 0 && x < 1, 'in [0, 1)')

/** 0 ≤ x ≤ 1 (a fraction). @internal */
export const requireFraction = (op: string, name: string, x: number): number =>
  check(op, name, x, x >= 0 && x <= 1, 'in [0, 1]')

/** x is an integer ≥ 1 (a number of steps). @internal */
export const requireSteps = (op: string, name: string, x: number): number =>
  check(op, name, x, Number.isInteger(x) && x >= 1, 'an integer ≥ 1')

/** x is any finite number (a schedule's start or end value). @internal */
export const requireFinite = (op: string, name: string, x: number): number =>
  check(op, name, x, Number.isFinite(x), 'a finite number')

const check = (op: string, name: string, x: number, ok: boolean, expected: string): number => {
  if (!ok) throw new RangeError(`${op}: expected ${name} ${expected}, found ${x}`)
  return x
}
