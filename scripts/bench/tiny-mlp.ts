/**
 * TEMPORARY (until issue 3's layers land): a 784-100-10 MLP written directly against the Layer
 * contract, for the memory bench only. Replace with `serial(dense(784, 100), relu(),
 * dense(100, 10))` and `softmaxCrossEntropy` from src/ once they exist.
 *
 *   dense:  Y = X·W + b;   dW = Xᵀ·Δ,  db = Σ_batch Δ,  dX = Δ·Wᵀ
 *   relu:   Y = max(0, X); dX = Δ ⊙ [X > 0]
 *   loss:   L = −(1/B) Σ log softmax(Y)[t];  dY = (softmax(Y) − onehot)/B
 */
import { Optim, Random, Tensor } from '../../src/index.js'

type T<S extends Tensor.Shape> = Tensor.Tensor<S>
type Ctx = { readonly key: Random.Key; readonly mode: 'train' | 'eval' }
interface Dense<I extends number, O extends number> {
  readonly w: T<[I, O]>
  readonly b: T<[O]>
}
export type MlpParams = readonly [Dense<784, 100>, Dense<100, 10>]
interface MlpTape {
  readonly x: T<[number, 784]>
  readonly h: T<[number, 100]>
  readonly a: T<[number, 100]>
}

const he = <I extends number, O extends number>(key: Random.Key, i: I, o: O): Dense<I, O> => ({
  w: Random.normal(key, [i, o], { std: Math.sqrt(2 / i) }) as unknown as T<[I, O]>,
  b: Tensor.zeros([o]) as T<[O]>
})

export const mlp = {
  name: 'mlp(784→100→relu→10)',
  init: (key: Random.Key): MlpParams => {
    const [k1, k2] = Random.split(key)
    return [he(k1, 784, 100), he(k2, 100, 10)]
  },
  forward: (p: MlpParams, x: T<[number, 784]>, _ctx: Ctx) => {
    const h = Tensor.addRow(Tensor.matmul(x, p[0].w), p[0].b)
    const a = Tensor.relu(h)
    return [Tensor.addRow(Tensor.matmul(a, p[1].w), p[1].b), { x, h, a }] as const
  },
  backward: (p: MlpParams, tape: MlpTape, dOut: T<[number, 10]>) => {
    const g1 = { w: Tensor.matmulTransA(tape.a, dOut), b: Tensor.sum(dOut, 0) }
    const dA = Tensor.matmulTransB(dOut, p[1].w)
    const dH = Tensor.zipWith(dA, tape.h, (d, h) => (h > 0 ? d : 0))
    const g0 = { w: Tensor.matmulTransA(tape.x, dH), b: Tensor.sum(dH, 0) }
    return [[g0, g1] as MlpParams, Tensor.matmulTransB(dH, p[0].w)] as const
  }
}

export const softmaxCrossEntropy = (pred: T<[number, 10]>, target: T<[number, 10]>) => {
  const rows = pred.shape[0]
  return {
    value: -Tensor.sum(Tensor.mul(Tensor.logSoftmax(pred), target)) / rows,
    grad: Tensor.scale(Tensor.sub(Tensor.softmax(pred), target), 1 / rows)
  }
}

export const sgd = (learningRate: number) => ({
  init: (_: MlpParams) => ({}),
  update: (grads: MlpParams, state: object, _params: MlpParams) =>
    [Optim.mapParams((g) => Tensor.scale(g, -learningRate))(grads), state] as const
})
