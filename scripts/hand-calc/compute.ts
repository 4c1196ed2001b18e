/**
 * The lecture's exercise ③ ("train this network by hand: update every parameter once; how much
 * does the loss improve?"), computed by the library's own layers and loss, in float64:
 *
 *   x (3 inputs) → dense W¹, b¹ → a¹ → ReLU → x¹ → dense W², b² → a² → softmax → x² ; L = −Σ t ln x²
 *
 * Every intermediate the lecture names is returned (a¹, x¹, a², x², L, Δ², ∂L/∂W², ∂L/∂b², Δ¹,
 * ∂L/∂W¹, ∂L/∂b¹), together with the parameters after one step of gradient descent,
 * w ← w − η ∂L/∂w, and the loss after it. The backward pass is chained by hand, layer by layer,
 * so that Δ¹ (inside the network) can be shown; `spec/scripts/hand-calc.spec.ts` checks that the
 * composite network gives the same gradients.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Layer, Loss, Optim, Tensor } from '../../src/index.js'

// -------------------------------------------------------------------------------------
// the network and the sample (W of shape [in, out], row-major)
// -------------------------------------------------------------------------------------

const x = [1.0, 0.5, -1.0] as const
const eta = 0.5
const W1 = [
  [0.1, -0.2, 0.3],
  [0.4, 0.1, -0.5],
  [-0.3, 0.2, -0.2]
] as const
const b1 = [0.1, -0.1, 0.0] as const
// Two outputs (the lecture's network) or three; the label is the second class either way.
const W2of2 = [[0.5, -0.3], [0.2, 0.4], [-0.1, 0.6]] as const
const b2of2 = [0.05, -0.05] as const
const W2of3 = [[0.5, -0.3, 0.1], [0.2, 0.4, -0.2], [-0.1, 0.6, 0.3]] as const
const b2of3 = [0.05, -0.05, 0.0] as const

// -------------------------------------------------------------------------------------
// the calculation
// -------------------------------------------------------------------------------------

type Matrix = Array<Array<number>>

/** Every number of the exercise, by the names the lecture uses. */
export interface HandCalc {
  readonly x: Array<number>
  readonly t: Array<number>
  readonly eta: number
  readonly W1: Matrix
  readonly b1: Array<number>
  readonly W2: Matrix
  readonly b2: Array<number>
  readonly a1: Array<number>
  readonly x1: Array<number>
  readonly a2: Array<number>
  readonly x2: Array<number>
  readonly loss: number
  readonly delta2: Array<number>
  readonly dW2: Matrix
  readonly db2: Array<number>
  readonly delta1: Array<number>
  readonly dW1: Matrix
  readonly db1: Array<number>
  readonly W1new: Matrix
  readonly b1new: Array<number>
  readonly W2new: Matrix
  readonly b2new: Array<number>
  readonly lossAfter: number
}

/** What the exercise starts from: the sample, its one-hot target, the parameters and η. */
export interface HandCalcInput {
  readonly x: ReadonlyArray<number>
  readonly t: ReadonlyArray<number>
  readonly eta: number
  readonly W1: ReadonlyArray<ReadonlyArray<number>>
  readonly b1: ReadonlyArray<number>
  readonly W2: ReadonlyArray<ReadonlyArray<number>>
  readonly b2: ReadonlyArray<number>
}

/** The lecture's starting numbers, with 2 outputs (the lecture's) or 3. */
export const defaultInput = (k: 2 | 3): HandCalcInput =>
  k === 2
    ? { x, t: [0, 1], eta, W1, b1, W2: W2of2, b2: b2of2 }
    : { x, t: [0, 1, 0], eta, W1, b1, W2: W2of3, b2: b2of3 }

/** The exercise with 2 outputs (the lecture's) or 3. */
export const handCalc = (k: 2 | 3): HandCalc => handCalcOf(defaultInput(k))

/**
 * The exercise from any starting numbers (the demo page's editable ones): 3 inputs, 3 hidden
 * units, as many outputs as `t` has entries (W² is [3, k], b² is [k]). The shapes are checked
 * here, at run time, because the numbers come from a form.
 */
export const handCalcOf = (input: HandCalcInput): HandCalc => {
  const k = input.t.length
  const rows = (m: ReadonlyArray<ReadonlyArray<number>>, r: number, c: number) => m.length === r && m.every((row) => row.length === c)
  const ok =
    input.x.length === 3 && rows(input.W1, 3, 3) && input.b1.length === 3 && rows(input.W2, 3, k) && input.b2.length === k &&
    input.t.filter((v) => v === 1).length === 1 && input.t.every((v) => v === 0 || v === 1)
  if (!ok) throw new RangeError('handCalcOf: expected x [3], W¹ [3, 3], b¹ [3], W² [3, k], b² [k] and a one-hot t [k]')
  const m = (v: ReadonlyArray<ReadonlyArray<number>>) => v.map((row) => [...row])
  const w2 = E.getOrElseW((e: Tensor.ShapeError) => { throw new RangeError(e.message) })(Tensor.fromArray([3, k], m(input.W2).flat(), 'float64'))
  const b2 = E.getOrElseW((e: Tensor.ShapeError) => { throw new RangeError(e.message) })(Tensor.fromArray([k], [...input.b2], 'float64'))
  return run(input, w2, b2)
}

/** The same network as one composite layer, from the library's own stages. */
export const network = <K extends number>(k: K) => Layer.serial(Layer.input(3, 'float64'), Layer.dense(3), Layer.relu(), Layer.dense(k))

const run = <K extends number>(input: HandCalcInput, w2: Tensor.Tensor<[3, K], 'float64'>, b2: Tensor.Tensor<[K], 'float64'>): HandCalc => {
  const { x, eta, b1 } = input
  const t = [...input.t]
  const k = b2.shape[0]
  const l1 = Layer.dense(3, 3, { dtype: 'float64' })
  const h = Layer.build(Layer.input(3, 'float64'), Layer.relu())
  const l2 = Layer.dense(3, k, { dtype: 'float64' })
  const p1 = {
    w: Tensor.tensor(input.W1.map((r) => [...r]) as [[number, number, number], [number, number, number], [number, number, number]], 'float64'),
    b: Tensor.tensor([...b1] as [number, number, number], 'float64')
  }
  const p2 = { w: w2, b: b2 }
  const label = [t.indexOf(1)]
  const xb = Tensor.tensor([[...x] as [number, number, number]], 'float64')
  // forward: a¹ = x·W¹ + b¹, x¹ = ReLU(a¹), a² = x¹·W² + b², x² = softmax(a²)
  const [a1, tape1] = l1.forward(p1, xb, Layer.evalCtx)
  const [x1, tapeH] = h.forward({}, a1, Layer.evalCtx)
  const [a2, tape2] = l2.forward(p2, x1, Layer.evalCtx)
  const x2 = Tensor.softmax(a2)
  // L and Δ² = ∂L/∂a² = x² − t (a batch of one)
  const { value: loss, grad: delta2 } = Loss.softmaxCrossEntropy(a2, label)
  // backward: ∂L/∂W² = x¹ᵀ·Δ², ∂L/∂b² = Δ², then Δ¹ = Δ²·W²ᵀ ⊙ ReLU′(a¹), ∂L/∂W¹ = xᵀ·Δ¹, ∂L/∂b¹ = Δ¹
  const [g2, dX1] = l2.backward(p2, tape2, delta2)
  const [, delta1] = h.backward({}, tapeH, dX1)
  const [g1] = l1.backward(p1, tape1, delta1)
  // gradient descent: w ← w − η ∂L/∂w
  const step = Optim.mapParams((g) => Tensor.scale(g, -eta))
  const [q1, q2] = Optim.applyUpdates([p1, p2] as const, step([g1, g2] as const))
  const net = network(k)
  const lossAfter = Loss.softmaxCrossEntropy(net.forward([q1, {}, q2], xb, Layer.evalCtx)[0], label).value
  const row = (v: Tensor.AnyTensor): Array<number> => Tensor.toArray(v)
  const mat = (v: Tensor.AnyTensor): Matrix => Tensor.toNested(v) as Matrix
  return {
    ...{ x: [...x], t, eta, W1: mat(p1.w), b1: [...b1], W2: mat(w2), b2: row(b2) },
    ...{ a1: row(a1), x1: row(x1), a2: row(a2), x2: row(x2), loss, delta2: row(delta2) },
    ...{ dW2: mat(g2.w), db2: row(g2.b), delta1: row(delta1), dW1: mat(g1.w), db1: row(g1.b) },
    ...{ W1new: mat(q1.w), b1new: row(q1.b), W2new: mat(q2.w), b2new: row(q2.b), lossAfter }
  }
}

/** The lecture's output error beside the true one (x² − t), for the same forward pass. */
export const lectureVersusTrue = (r: HandCalc): { readonly lecture: Array<number>; readonly truth: Array<number> } => ({
  lecture: Tensor.toArray(Loss.lectureSoftmaxCrossEntropyGradient(Tensor.tensor([r.x2], 'float64'), Tensor.tensor([r.t], 'float64'))),
  truth: r.x2.map((v, j) => v - r.t[j]!)
})
