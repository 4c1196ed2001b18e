/**
 * The checks every layer spec runs (STYLE.md, "layer"): the run-time output shape equals the
 * declared one (jax's _CheckShapeAgreement), forward and backward leave their inputs unchanged,
 * and the analytic gradients agree with central differences in float64 (grenade's
 * prop_auto_diff). The largest gradient-check error is appended to the file named by
 * KANZEN_GRADCHECK_LOG when it is set, so a run can report the worst error over all specs.
 */
import { appendFileSync } from 'node:fs'
import { expect } from 'vitest'
import { Layer, Random, Tensor } from '../../src/index.js'
import { leavesInputsUnchanged } from './frozen.js'

type AnyLayer64<I extends Tensor.Shape, O extends Tensor.Shape, P, Tp, St = undefined> = Layer.Layer<I, O, P, Tp, 'float64', St>

/** The gradient-check tolerance in float64 (issue 3). */
export const tolerance = 1e-6

/** Record a gradient-check result under a name, and return its largest error. */
export const record = (name: string, r: Layer.GradCheckResult): number => {
  const log = process.env['KANZEN_GRADCHECK_LOG']
  if (log !== undefined) appendFileSync(log, `${r.max}\t${name}\n`)
  return r.max
}

/** Shape agreement, inputs unchanged, and the gradient check, for one layer at one point. */
export const checkLayer = <I extends Tensor.Shape, O extends Tensor.Shape, P, Tp, St = undefined>(
  name: string,
  layer: AnyLayer64<I, O, P, Tp, St>,
  params: P,
  x: Tensor.Tensor<I, 'float64'>,
  options: Layer.GradCheckOptions<O, St> = {}
): Layer.GradCheckResult => {
  const ctx: Layer.Ctx<St> = options.ctx ?? Layer.trainCtx(Random.key(0))
  const leaves = paramLeaves(params)
  const [y, tape] = leavesInputsUnchanged([x, ...leaves], () => layer.forward(params, x, ctx))
  expect([...y.shape], `${name}: output shape`).toEqual([x.shape[0], ...layer.outputRow])
  const dOut = Random.normal(Random.key(5), y.shape, { dtype: 'float64' }) as unknown as Tensor.Tensor<O, 'float64'>
  const [grads, dx] = leavesInputsUnchanged([x, y, dOut, ...leaves], () => layer.backward(params, tape, dOut))
  expect([...dx.shape], `${name}: input gradient shape`).toEqual([...x.shape])
  expect(paramLeaves(grads).map((t) => [...t.shape]), `${name}: gradient shapes`).toEqual(leaves.map((t) => [...t.shape]))
  const r = Layer.gradCheck(layer, params, x, { ...options, ctx })
  record(name, r)
  expect(r.max, `${name}: gradient check ${JSON.stringify(r)}`).toBeLessThanOrEqual(tolerance)
  return r
}

/** Every tensor of a parameter tree, in order. */
export const paramLeaves = (tree: unknown): Array<Tensor.AnyTensor> => {
  if (typeof tree !== 'object' || tree === null) return []
  if ('data' in tree && 'shape' in tree) return [tree as Tensor.AnyTensor]
  return Object.values(tree).flatMap(paramLeaves)
}

/** A float64 batch of normal samples. */
export const randn = <const S extends Tensor.Shape>(seed: number, shape: S, std = 1): Tensor.Tensor<Tensor.Dims<S>, 'float64'> =>
  Random.normal(Random.key(seed), shape, { std, dtype: 'float64' })

/** The three seeds every gradient check runs over. */
export const seeds = [1, 2, 3] as const

/** A float64 loss's gradient against central differences of its value: the max-norm relative error. */
export const lossGradError = <S extends Tensor.Shape>(
  name: string,
  f: (p: Tensor.Tensor<S, 'float64'>) => { readonly value: number; readonly grad: Tensor.AnyTensor },
  pred: Tensor.Tensor<S, 'float64'>,
  h = 1e-6
): number => {
  const g = f(pred).grad
  let diff = 0
  let scale = 0
  for (let i = 0; i < pred.size; i++) {
    const move = (d: number) => Tensor.generate(pred.shape, (j) => pred.data[j]! + (j === i ? d : 0), 'float64') as unknown as Tensor.Tensor<S, 'float64'>
    const n = (f(move(h)).value - f(move(-h)).value) / (2 * h)
    diff = Math.max(diff, Math.abs(n - g.data[i]!))
    scale = Math.max(scale, Math.abs(n), Math.abs(g.data[i]!))
  }
  const err = scale === 0 ? 0 : diff / scale
  record(name, { params: [], input: err, max: err })
  return err
}
