/**
 * Composition: a network is layers run one after another, and its backward pass is theirs run
 * in reverse — the chain rule, ∂L/∂x = ∂L/∂y · ∂y/∂x, applied one layer at a time:
 *
 *   forward:  x⁰ → f₁ → x¹ → f₂ → … → fₙ → y,     tapes [τ₁, …, τₙ]
 *   backward: dy → fₙ.backward(τₙ) → … → f₁.backward(τ₁) → dx,   grads [g₁, …, gₙ]
 *
 * Only primitive layers (dense, relu, …) write a backward; composites derive theirs here, as
 * grenade's `runGradient` does. `andThen(f, g)` is the primitive composite (params `[P_f, P_g]`);
 * `serial(s₁, …, sₙ)` is its n-ary form, with one flat tuple of parameters `[P₁, …, Pₙ]` rather than
 * n nested pairs, so a parameter's path reads `params[2].w`. Run time builds both from the same
 * loop (`sequence`).
 *
 * State (layer.ts): a composite keeps state when any child does — the tuple of its children's
 * states, `undefined` for a child without — and passes child i its own `ctx.state[i]`;
 * `nextState` runs each stateful child's on its own tape.
 *
 * @since 0.1.0
 */
import * as T from '../tensor/index.js'
import * as R from '../random/index.js'
import type { AnyLayer, Ctx, Layer } from './layer.js'
import { showRows } from './layer.js'
import type { Analyse, Checked, Combined, StageLike } from './serial-types.js'
import type { Input, Stage, Kind } from './stage.js'

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * `f` then `g`: the composite whose forward is g(f(x)) and whose backward runs g's backward, then
 * f's. `g` must take exactly what `f` gives (shape and dtype); the compiler checks it.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const f = Layer.dense(3, 4, { dtype: 'float64' })
 * const g = Layer.dense(4, 2, { dtype: 'float64' })
 * const fg = Layer.andThen(f, g)
 * const [y] = fg.forward(fg.init(Random.key(0)), Tensor.zeros([1, 3], 'float64'), Layer.evalCtx)
 * assert.deepStrictEqual(y.shape, [1, 2])
 *
 * @category combinators
 * @since 0.1.0
 */
export const andThen = <I extends T.Shape, M extends T.Shape, O extends T.Shape, P1, T1, P2, T2, D extends T.DType, St1, St2>(
  f: Layer<I, M, P1, T1, D, St1>,
  g: Layer<NoInfer<M>, O, P2, T2, NoInfer<D>, St2>
): Layer<I, O, readonly [P1, P2], readonly [T1, T2], D, Combined<[St1, St2]>> =>
  sequence<Layer<I, O, readonly [P1, P2], readonly [T1, T2], D, Combined<[St1, St2]>>>([f, g])

/**
 * A network from stages: `serial(input(784), dense(100), relu(), dense(10))`. The first stage is
 * `input(…)` or a pre-built layer; each later stage learns its input shape from the one before
 * (`dense(100)` becomes dense 784→100) and pre-built layers must take exactly the shape that
 * flows into them. The compiler reports a mismatch at the offending argument, naming both shapes.
 * Parameters are the tuple of the layers' parameters, in order (`input` has none).
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const net = Layer.serial(Layer.input(784), Layer.dense(100), Layer.relu(), Layer.dense(10))
 * const params = net.init(Random.key(0))
 * const [y] = net.forward(params, Tensor.zeros([2, 784]), Layer.evalCtx)
 * assert.deepStrictEqual(y.shape, [2, 10])
 *
 * @category combinators
 * @since 0.1.0
 */
export const serial = <const Ss extends ReadonlyArray<StageLike>>(...stages: Checked<Ss>): Analyse<Ss>['layer'] =>
  sequence<Analyse<Ss>['layer']>(buildAll(stages))

/**
 * `serial` for a network whose depth is known only when the program runs (hidden widths read
 * from a command line): the same layers, parameters (a flat tuple) and backward pass, with every
 * width checked when the network is built — a mismatch is a `RangeError` naming the stage — and
 * the output typed as rows of `number` width. Its state is a tuple when a stage keeps state and
 * `undefined` otherwise, which only the run time knows.
 *
 * @example
 * import { Layer, Random, Tensor } from 'kanzen'
 * const widths = [32, 16]
 * const hidden = widths.flatMap((w) => [Layer.dense(w), Layer.relu()])
 * const net = Layer.serialOf(Layer.input(784), [...hidden, Layer.dense(10)])
 * const [y] = net.forward(net.init(Random.key(0)), Tensor.zeros([2, 784]), Layer.evalCtx)
 * assert.deepStrictEqual(y.shape, [2, 10])
 *
 * @category combinators
 * @since 0.1.0
 */
export const serialOf = <S extends T.Shape, D extends T.DType>(
  first: Input<S, D>,
  stages: ReadonlyArray<StageLike>
): Layer<S, [number, number], ReadonlyArray<unknown>, ReadonlyArray<unknown>, D, ReadonlyArray<unknown> | undefined> =>
  sequence<Layer<S, [number, number], ReadonlyArray<unknown>, ReadonlyArray<unknown>, D, ReadonlyArray<unknown> | undefined>>(
    buildAll([first, ...stages])
  )

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

// Turn stages into layers, each learning its input row from the one before.
const buildAll = (stages: ReadonlyArray<StageLike>): ReadonlyArray<AnyLayer> => {
  const layers: Array<AnyLayer> = []
  let row: T.Shape = []
  let dtype: T.DType = 'float32'
  for (const [i, s] of stages.entries()) {
    if (isInput(s)) {
      if (i > 0) T.failShape('serial', 'input(…) as the first stage only', `input(…) at stage ${i}`)
      ;[row, dtype] = [s.row, s.dtype]
      continue
    }
    if (i === 0 && isStage(s)) T.failShape('serial', 'input(…) or a pre-built layer first', `the stage ${s.name}, whose input is unknown`)
    const l = isStage(s) ? s.build(row, dtype) : s
    if (i > 0) requireFits(`serial stage ${i}`, row, dtype, l)
    layers.push(l)
    ;[row, dtype] = [l.outputRow, l.dtype]
  }
  return layers
}

const isInput = (s: StageLike): s is Input<T.Shape, T.DType> => '_tag' in s && s._tag === 'Input'
const isStage = (s: StageLike): s is Stage<Kind> => '_tag' in s && s._tag === 'Stage'

// A pre-built layer whose `number` dimensions disagree with what flows in: caught when the
// network is built, not when a kernel first meets the data.
const requireFits = (where: string, row: T.Shape, dtype: T.DType, l: AnyLayer): void => {
  if (!T.sameShape(row, l.inputRow) || dtype !== l.dtype) {
    T.failShape(where, `a layer taking ${showRows(row)} ${dtype}`, `${l.name} taking ${showRows(l.inputRow)} ${l.dtype}`)
  }
}

// Children's backward passes from the last to the first. Without `needInput`, the first child
// is asked only for its parameter gradients when it can give them alone (and the returned ∂L/∂x
// is then the first child's ∂L/∂(its output), which no caller reads).
const reverse = (
  ls: ReadonlyArray<Untyped & AnyLayer>,
  params: ReadonlyArray<unknown>,
  tapes: ReadonlyArray<unknown>,
  dOut: T.AnyTensor,
  needInput: boolean
): readonly [ReadonlyArray<unknown>, T.AnyTensor] => {
  const grads: Array<unknown> = new Array(ls.length)
  let d = dOut
  for (let i = ls.length - 1; i >= 0; i--) {
    const l = T.at(ls, i)
    if (i === 0 && !needInput && l.gradients !== undefined) {
      grads[0] = l.gradients(params[0], tapes[0], d)
      break
    }
    const [g, dx] = l.backward(params[i], tapes[i], d)
    grads[i] = g
    d = dx
  }
  return [grads, d]
}

// The untyped view of a child: the composite's type (given by the caller) is what the
// children's types prove together; this is the one place in layers/ where that is asserted.
// Written with method syntax, whose parameters TypeScript compares both ways, so that every
// AnyLayer is an Untyped without a cast: params, tapes and state go back to the child they came from.
interface Untyped {
  init(key: R.Key): unknown
  forward(params: unknown, x: T.AnyTensor, ctx: Ctx<unknown>): readonly [T.AnyTensor, unknown]
  backward(params: unknown, tape: unknown, dOut: T.AnyTensor): readonly [unknown, T.AnyTensor]
  gradients?(params: unknown, tape: unknown, dOut: T.AnyTensor): unknown
  initState?(): unknown
  nextState?(state: unknown, tape: unknown): unknown
}

// Child i's part of a composite's state (a tuple, or undefined when no child keeps state).
const childState = (state: unknown, i: number): unknown => (Array.isArray(state) ? state[i] : undefined)

// The overload gives the composite the type its caller proved from the children's types (Analyse
// in serial-types.ts); the body builds it untyped.
function sequence<L>(children: ReadonlyArray<AnyLayer>): L
function sequence(children: ReadonlyArray<AnyLayer>): unknown {
  const ls: ReadonlyArray<Untyped & AnyLayer> = children
  ls.slice(1).forEach((next, i) => {
    const prev = T.at(ls, i)
    requireFits(`${prev.name} then ${next.name}`, prev.outputRow, prev.dtype, next)
  })
  const first = ls[0]
  const last = ls[ls.length - 1]
  if (first === undefined || last === undefined) return T.failShape('serial', 'at least one layer', 'none')
  const layer = {
    name: `serial(${ls.map((l) => l.name).join(', ')})`,
    children,
    dtype: first.dtype,
    inputRow: first.inputRow,
    outputRow: last.outputRow,
    // Each child draws from its own key: the i-th split of the network's key.
    init: (key: R.Key): ReadonlyArray<unknown> => {
      const keys = R.splitN(key, ls.length)
      return ls.map((l, i) => l.init(T.at(keys, i)))
    },
    forward: (params: ReadonlyArray<unknown>, x: T.AnyTensor, ctx: Ctx<unknown>): readonly [T.AnyTensor, ReadonlyArray<unknown>] => {
      const keys = R.splitN(ctx.key, ls.length)
      const tapes: Array<unknown> = []
      let h = x
      for (let i = 0; i < ls.length; i++) {
        const [y, tape] = T.at(ls, i).forward(params[i], h, { key: T.at(keys, i), mode: ctx.mode, state: childState(ctx.state, i) })
        tapes.push(tape)
        h = y
      }
      return [h, tapes]
    },
    // The chain rule in reverse: each child turns ∂L/∂(its output) into ∂L/∂(its input).
    backward: (params: ReadonlyArray<unknown>, tapes: ReadonlyArray<unknown>, dOut: T.AnyTensor): readonly [ReadonlyArray<unknown>, T.AnyTensor] =>
      reverse(ls, params, tapes, dOut, true),
    // The same, without ∂L/∂(network input): the first child only gives its parameter gradients.
    gradients: (params: ReadonlyArray<unknown>, tapes: ReadonlyArray<unknown>, dOut: T.AnyTensor): ReadonlyArray<unknown> =>
      reverse(ls, params, tapes, dOut, false)[0],
    // State only when a child keeps some: otherwise the composite has none either (NoState).
    ...(ls.some((l) => l.initState !== undefined)
      ? {
          initState: (): ReadonlyArray<unknown> => ls.map((l) => l.initState?.()),
          nextState: (state: unknown, tapes: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
            ls.map((l, i) => (l.nextState === undefined ? childState(state, i) : l.nextState(childState(state, i), tapes[i])))
        }
      : {})
  }
  return layer
}
