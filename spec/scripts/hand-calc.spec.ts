/**
 * The lecture's exercise ③ (issue 3, item 8). The expected numbers below were worked out
 * independently of the library — by a separate 40-line python3 script with plain lists and
 * math.exp/math.log (a¹ = x·W¹ + b¹, …, w ← w − η ∂L/∂w) — and pasted in as literals.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { Layer, Loss, Tensor } from '../../src/index.js'
import { handCalc, lectureVersusTrue, network } from '../../scripts/hand-calc/compute.js'

const close = (actual: unknown, expected: unknown, path = ''): void => {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number')
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThan(1e-12)
    return
  }
  const e = expected as ReadonlyArray<unknown>
  expect((actual as ReadonlyArray<unknown>).length, path).toBe(e.length)
  e.forEach((v, i) => close((actual as ReadonlyArray<unknown>)[i], v, `${path}[${i}]`))
}

const two = {
  a1: [0.7000000000000001, -0.45000000000000007, 0.25],
  x1: [0.7000000000000001, 0.0, 0.25],
  a2: [0.375, -0.11000000000000003],
  x2: [0.6189278548001903, 0.38107214519980964],
  loss: 0.9647665643014854,
  delta2: [0.6189278548001903, -0.6189278548001904],
  dW2: [[0.43324949836013327, -0.4332494983601333], [0.0, -0.0], [0.15473196370004758, -0.1547319637000476]],
  db2: [0.6189278548001903, -0.6189278548001904],
  delta1: [0.49514228384015224, -0.0, -0.43324949836013327],
  dW1: [[0.49514228384015224, -0.0, -0.43324949836013327], [0.24757114192007612, -0.0, -0.21662474918006663], [-0.49514228384015224, 0.0, 0.43324949836013327]],
  db1: [0.49514228384015224, -0.0, -0.43324949836013327],
  W1new: [[-0.14757114192007612, -0.2, 0.5166247491800666], [0.27621442903996196, 0.1, -0.3916876254099667], [-0.05242885807992387, 0.2, -0.41662474918006664]],
  b1new: [-0.14757114192007612, -0.1, 0.21662474918006663],
  W2new: [[0.28337525081993337, -0.08337525081993333], [0.2, 0.4], [-0.17736598185002378, 0.6773659818500237]],
  b2new: [-0.25946392740009516, 0.2594639274000952],
  lossAfter: 0.23374673941354152
}

const three = {
  a2: [0.375, -0.11000000000000003, 0.14500000000000002],
  x2: [0.4148980256595606, 0.2554515513416279, 0.32965042299881137],
  loss: 1.364722510248128,
  delta2: [0.4148980256595606, -0.7445484486583721, 0.32965042299881137],
  dW2: [[0.29042861796169245, -0.5211839140608605, 0.23075529609916798], [0.0, -0.0, 0.0], [0.10372450641489014, -0.18613711216459303, 0.08241260574970284]],
  delta1: [0.46377858972717306, -0.0, -0.3893237448613359],
  W1new: [[-0.13188929486358653, -0.2, 0.49466187243066795], [0.28405535256820674, 0.1, -0.40266906378466605], [-0.06811070513641346, 0.2, -0.39466187243066797]],
  b2new: [-0.1574490128297803, 0.32227422432918607, -0.16482521149940568],
  lossAfter: 0.5378894095598741,
  lecture: [0.9503080043491593, -0.7445484486583721, 0.86506040168841]
}

describe('hand-calc', () => {
  describe('handCalc', () => {
    it('should reproduce every number of the independent calculation (2 outputs, the lecture network)', () => {
      const r = handCalc(2)
      for (const [k, v] of Object.entries(two)) close(r[k as keyof typeof r], v, k)
      expect(r.loss - r.lossAfter).toBeCloseTo(0.7310198248879439, 12)
    })
    it('should reproduce the 3-output variant, and the lecture formula beside the true gradient', () => {
      const r = handCalc(3)
      const { lecture: l, ...rest } = three
      for (const [k, v] of Object.entries(rest)) close(r[k as keyof typeof r], v, k)
      const { lecture, truth } = lectureVersusTrue(r)
      close(lecture, l, 'lecture')
      close(truth, three.delta2, 'truth')
    })
    it('should give the same gradients when run as one composite network', () => {
      const r = handCalc(2)
      const net = network(2)
      const params = [
        { w: Tensor.tensor([[0.1, -0.2, 0.3], [0.4, 0.1, -0.5], [-0.3, 0.2, -0.2]], 'float64'), b: Tensor.tensor([0.1, -0.1, 0], 'float64') },
        {},
        { w: Tensor.tensor([[0.5, -0.3], [0.2, 0.4], [-0.1, 0.6]], 'float64'), b: Tensor.tensor([0.05, -0.05], 'float64') }
      ] as const
      close(r.dW1, two.dW1, 'dW1 (chained by hand)')
      const [y, tape] = net.forward(params, Tensor.tensor([[1, 0.5, -1]], 'float64'), Layer.evalCtx)
      const [g] = net.backward(params, tape, Loss.softmaxCrossEntropy(y, [1]).grad)
      close(Tensor.toNested(g[0].w), two.dW1, 'dW1')
      close(Tensor.toNested(g[2].w), two.dW2, 'dW2')
      close(Tensor.toArray(g[2].b), two.db2, 'db2')
    })
  })

  describe('npm run hand-calc -- --json', () => {
    // node --import tsx: what `npm run hand-calc` runs, without npx's start-up time
    const run = (...args: Array<string>): string => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/hand-calc.ts', ...args], { encoding: 'utf8' })
    it('should print one JSON object with exactly the documented keys', () => {
      const out = JSON.parse(run('--json')) as Record<string, unknown>
      expect(Object.keys(out).sort()).toEqual(
        ['x', 't', 'eta', 'W1', 'b1', 'W2', 'b2', 'a1', 'x1', 'a2', 'x2', 'loss', 'delta2', 'dW2', 'db2', 'delta1', 'dW1', 'db1', 'W1new', 'b1new', 'W2new', 'b2new', 'lossAfter'].sort()
      )
      close(out['lossAfter'], two.lossAfter, 'lossAfter')
      expect(out['W2']).toEqual([[0.5, -0.3], [0.2, 0.4], [-0.1, 0.6]])
    })
    it('should print the tables in the lecture order, and the lecture formula with --classes 3', () => {
      const text = run()
      const order = ['a¹ =', 'x¹ =', 'a² =', 'x² =', 'loss L', 'Δ² =', '∂L/∂W² =', '∂L/∂b² =', 'Δ¹ =', '∂L/∂W¹ =', '∂L/∂b¹ =', 'W¹ new', 'b² new', 'loss after', 'improvement']
      const at = order.map((s) => text.indexOf(s))
      expect(at.every((i) => i >= 0)).toBe(true)
      expect([...at].sort((a, b) => a - b)).toEqual(at)
      expect(text).toContain('0.964767')
      expect(run('--classes', '3')).toContain('lecture: (−t_j/x_j + Σ_{i≠j} t_i/x_i)·x_j(1 − x_j)')
    })
    it('should exit with code 2 and one line on stderr for a bad option', () => {
      try {
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/hand-calc.ts', '--classes', '5'], { encoding: 'utf8', stdio: 'pipe' })
        expect.fail('should have exited')
      } catch (e) {
        const err = e as { status: number; stderr: string }
        expect(err.status).toBe(2)
        expect(err.stderr.trim()).toBe('hand-calc: --classes must be one of 2|3, got "5"')
      }
    })
  })
})
