import { describe, expect, it } from 'vitest'
import { Optim, Tensor } from '../../src/index.js'
import * as _ from '../../src/optim/aliases.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import type { Params } from './quadratic.js'
import type { Some } from './quadratic.js'
import { flat, gradient, params, run, some, stateParts, thetaStar } from './quadratic.js'

type P64 = Params<'float64'>

// Two steps from θ₀ = [1, −1, 0.5] with g₁ = [0.5, −2, 4], g₂ = [1, 1, −1] and η = 0.1; the second
// step sees θ₁ = θ₀ + u₁. Every value was worked out from the update equations in the file
// headers, independently of this code (u₁ and u₂ written out to 12 significant digits).
const theta0 = [1, -1, 0.5]
const g1 = [0.5, -2, 4]
const g2 = [1, 1, -1]

const handTable: ReadonlyArray<readonly [string, Some<P64>, Array<number>, Array<number>]> = [
  // u = −η·g
  ['sgd', some(_.sgd(0.1)), [-0.05, 0.2, -0.4], [-0.1, -0.1, 0.1]],
  // v₁ = g₁, v₂ = g₂ + 0.9·g₁ = [1.45, −0.8, 2.6]; u = −η·v
  ['momentum', some(_.momentum(0.1, 0.9)), [-0.05, 0.2, -0.4], [-0.145, 0.08, -0.26]],
  // u₁ = −η·(g₁ + 0.9·g₁) = −0.19·g₁; u₂ = −η·(g₂ + 0.9·v₂) = −0.1·[2.305, 0.28, 1.34]
  ['nesterov', some(_.nesterov(0.1, 0.9)), [-0.095, 0.38, -0.76], [-0.2305, -0.028, -0.134]],
  // G₁ = 0.1 + g₁² = [0.35, 4.1, 16.1]; u₁ = −0.1·0.5/√(0.35 + 1e-7) = −0.0845154133992, …
  [
    'adagrad',
    some(_.adagrad(0.1)),
    [-0.0845154133992, 0.0987729584604, -0.0996889569463],
    [-0.0860662933947, -0.0442807438429, 0.0241825415996]
  ],
  // ν₁ = 0.1·g₁²; u₁ = −0.1·g₁/(√0.1·|g₁| + 1e-8) ≈ −0.316·sign(g₁); ν₂ = 0.9·ν₁ + 0.1·g₂²
  [
    'rmsprop',
    some(_.rmsprop(0.1)),
    [-0.316227746017, 0.316227761017, -0.316227763517],
    [-0.285714277551, -0.147441953981, 0.0805822957532]
  ],
  // u₁ = −η·g/(|g| + 1e-8) ≈ −η·sign(g). Step 2, first coordinate: μ₂ = 0.09·0.5 + 0.1·1 = 0.145,
  // μ̂ = 0.145/0.19 = 0.763157894737; ν₂ = 0.000999·0.25 + 0.001 = 0.00124975, ν̂ = ν₂/0.001999
  // = 0.625187593797; u = −0.1·0.763157894737/(0.790688050993 + 1e-8) = −0.0965182013615
  [
    'adam',
    some(_.adam(0.1)),
    [-0.099999998, 0.0999999995, -0.09999999975],
    [-0.0965182013615, 0.0266337037976, -0.0469468169597]
  ],
  // adam's direction + 0.01·θ: u₁ = −0.1·(0.99999998 + 0.01·1) = −0.100999998; θ₁ = [0.899000002, …]
  [
    'adamw',
    some(_.adamw(0.1, { weightDecay: 0.01 })),
    [-0.100999998, 0.1009999995, -0.10049999975],
    [-0.0974172013635, 0.0275327037981, -0.04734631696]
  ]
]

const tree = (v: ReadonlyArray<number>): P64 => params(v, 'float64')

const twoSteps = <S>(tx: Optim.GradientTransformation<P64, S>): [Array<number>, Array<number>] => {
  const p0 = tree(theta0)
  const [u1, s1] = tx.update(tree(g1), tx.init(p0), p0)
  const p1 = Optim.applyUpdates(p0, u1)
  const [u2] = tx.update(tree(g2), s1, p1)
  return [flat(u1), flat(u2)]
}

const expectNumbers = (actual: ReadonlyArray<number>, expected: ReadonlyArray<number>, rtol = 1e-9): void => {
  expect(actual.length).toBe(expected.length)
  actual.forEach((a, i) =>
    expect(Math.abs(a - expected[i]!), `index ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(
      rtol * Math.abs(expected[i]!) + 1e-13
    )
  )
}

// Each alias and the chain it stands for, built independently of aliases.ts.
const chains: ReadonlyArray<readonly [string, Some<Params>, Some<Params>]> = [
  ['sgd', some(_.sgd(0.1)), some(Optim.chain(Optim.scaleByLearningRate<Params>(0.1)))],
  [
    'momentum',
    some(_.momentum(0.05, 0.8)),
    some(Optim.chain(Optim.scaleByMomentum<Params>({ decay: 0.8 }), Optim.scaleByLearningRate(0.05)))
  ],
  [
    'nesterov',
    some(_.nesterov(0.05)),
    some(Optim.chain(Optim.scaleByMomentum<Params>({ decay: 0.9, nesterov: true }), Optim.scaleByLearningRate(0.05)))
  ],
  [
    'adagrad',
    some(_.adagrad(0.5, { eps: 1e-6 })),
    some(Optim.chain(Optim.scaleByAdagrad<Params>({ eps: 1e-6 }), Optim.scaleByLearningRate(0.5)))
  ],
  [
    'rmsprop',
    some(_.rmsprop(0.01, { decay: 0.95 })),
    some(Optim.chain(Optim.scaleByRms<Params>({ decay: 0.95 }), Optim.scaleByLearningRate(0.01)))
  ],
  [
    'adam',
    some(_.adam(0.05, { b2: 0.99 })),
    some(Optim.chain(Optim.scaleByAdam<Params>({ b2: 0.99 }), Optim.scaleByLearningRate(0.05)))
  ],
  [
    'adamw',
    some(_.adamw(0.05, { weightDecay: 0.1 })),
    some(Optim.chain(Optim.scaleByAdam<Params>(), Optim.addDecayedWeights(0.1), Optim.scaleByLearningRate(0.05)))
  ]
]

// jax's _CheckRun: from θ₀ = 0 to θ* = [1, −2, 0.5] within 1e-4 (float32). RMSprop without momentum
// ends in a limit cycle of size ≈ η around the minimum, so it gets a decaying schedule.
const converging: ReadonlyArray<readonly [string, Some<Params>]> = [
  ['sgd', some(_.sgd(0.1))],
  ['momentum', some(_.momentum(0.05, 0.9))],
  ['nesterov', some(_.nesterov(0.05, 0.9))],
  ['adagrad', some(_.adagrad(0.5))],
  ['rmsprop', some(_.rmsprop(Optim.cosineDecay({ initValue: 0.02, decaySteps: 400 })))],
  ['adam', some(_.adam(0.05))],
  [
    'adam with warm-up and cosine decay',
    some(_.adam(Optim.warmupCosineDecay({ peakValue: 0.1, warmupSteps: 20, decaySteps: 400 })))
  ],
  ['adamw (λ = 0)', some(_.adamw(0.05, { weightDecay: 0 }))]
]

describe('aliases', () => {
  describe('first two steps', () => {
    it.each(handTable)('should match the hand-worked steps of %s', (_name, tx, u1, u2) => {
      const [a1, a2] = tx(twoSteps)
      expectNumbers(a1, u1)
      expectNumbers(a2, u2)
    })
    it("should make Adam's first step −η·sign(g), whatever the size of g", () => {
      const tx = _.adam<P64>(0.01)
      const p = tree([0, 0, 0])
      const [u] = tx.update(tree([1e-3, -50, 2e4]), tx.init(p), p)
      expectNumbers(flat(u), [-0.01, 0.01, -0.01], 1e-5)
    })
  })
  describe('each alias is its chain', () => {
    it.each(chains)('should give %s updates bitwise equal to its chain over 50 steps', (_name, alias, chained) => {
      const a = alias((tx) => run(tx, 50).map(([p, st]) => [flat(p), stateParts(st)] as const))
      const c = chained((tx) => run(tx, 50).map(([p, st]) => [flat(p), stateParts(st)] as const))
      a.forEach(([p], t) => expect(p, `params after step ${t}`).toEqual(c[t]![0]))
      const show = (parts: ReturnType<typeof stateParts>) =>
        parts.map(([k, v]) => [k, typeof v === 'number' ? v : Tensor.toArray(v)])
      expect(show(a[50]![1])).toEqual(show(c[50]![1]))
    })
  })
  describe('convergence', () => {
    it.each(converging)('should bring %s to the minimum of ½‖Aθ − b‖² within 1e-4 in 400 steps', (_name, tx) => {
      const theta = tx((t) => flat(run(t, 400)[400]![0]))
      const distance = Math.hypot(...theta.map((x, i) => x - thetaStar[i]!))
      expect(distance).toBeLessThan(1e-4)
    })
  })
  describe('immutability', () => {
    it.each(chains)('should leave params, grads and state of %s unchanged', (_name, alias) => {
      alias((tx) => {
        const [p, s] = run(tx, 3)[3]!
        const g = gradient(p)
        const stateTensors = stateParts(s).flatMap(([, v]) => (typeof v === 'number' ? [] : [v]))
        leavesInputsUnchanged([p.w, p.c, g.w, g.c, ...stateTensors], () => tx.update(g, s, p))
      })
    })
  })
})
