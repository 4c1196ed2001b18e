/**
 * Tiny stand-ins for the real layers, loss and optimizer, written against the contracts
 * (Layer, Loss, GradientTransformation) so the training specs do not depend on issue 3's
 * layers or on the optimizers being built in parallel. Temporary: the lead switches the specs
 * to `dense`, `softmaxCrossEntropy` and `sgd` once they land.
 *
 *   linear:  Y = X·W + b;  dW = Xᵀ·Δ,  db = Σ_batch Δ,  dX = Δ·Wᵀ
 *   softmax cross-entropy (mean over the batch): L = −(1/B) Σ log softmax(Y)[t],  dY = (softmax(Y) − onehot)/B
 *   sgd: u = −η·g
 */
import { Optim, Random, Tensor } from '../../src/index.js'

type T<S extends Tensor.Shape> = Tensor.Tensor<S>

export interface LinearParams<I extends number, O extends number> {
  readonly w: T<[I, O]>
  readonly b: T<[O]>
}

export const linear = <I extends number, O extends number>(i: I, o: O) => ({
  name: `linear(${i}→${o})`,
  init: (key: Random.Key): LinearParams<I, O> => ({
    w: Random.normal(key, [i, o], { std: Math.sqrt(2 / i) }) as unknown as T<[I, O]>,
    b: Tensor.zeros([o]) as T<[O]>
  }),
  forward: (
    p: LinearParams<I, O>,
    x: T<[number, I]>,
    _ctx: { readonly key: Random.Key; readonly mode: 'train' | 'eval' }
  ) => [Tensor.addRow(Tensor.matmul(x, p.w), p.b), x] as const,
  backward: (p: LinearParams<I, O>, x: T<[number, I]>, dOut: T<[number, O]>) =>
    [{ w: Tensor.matmulTransA(x, dOut), b: Tensor.sum(dOut, 0) }, Tensor.matmulTransB(dOut, p.w)] as const
})

export const softmaxCrossEntropy = <K extends number>(pred: T<[number, K]>, target: T<[number, K]>) => {
  const rows = pred.shape[0]
  const logp = Tensor.logSoftmax(pred)
  const value = -Tensor.sum(Tensor.mul(logp, target)) / rows
  const grad = Tensor.scale(Tensor.sub(Tensor.softmax(pred), target), 1 / rows)
  return { value, grad }
}

export const sgd = <P>(learningRate: number) => ({
  init: (_: P) => ({}),
  update: (grads: P, state: object, _params: P) =>
    [Optim.mapParams((g) => Tensor.scale(g, -learningRate))(grads), state] as const
})

/** Two Gaussian blobs in 2-D, linearly separable: class 0 around (−2, −2), class 1 around (2, 2). */
export const blobs = (seed: number, n: number) => {
  const k = Random.key(seed)
  const noise = Random.normal(k, [n, 2], { std: 0.7 })
  const label = (i: number): number => i % 2
  const x = Tensor.generate([n, 2] as [number, 2], (j) => noise.data[j]! + (label(Math.floor(j / 2)) === 1 ? 2 : -2))
  const y = Tensor.generate([n, 2] as [number, 2], (j) => (j % 2 === label(Math.floor(j / 2)) ? 1 : 0))
  return { x, y }
}
