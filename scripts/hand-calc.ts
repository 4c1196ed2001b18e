/**
 * `npm run hand-calc`: the lecture's exercise ③ — train the small network by hand, one step —
 * computed by the library and printed in the lecture's order, so each number can be checked
 * with pencil and paper (docs/backprop.md walks through them).
 *
 * Options:
 *   --classes 2|3   2 outputs (the lecture's network, default) or 3; with 3 the lecture's
 *                   softmax gradient is printed beside the true one
 *   --json          print one JSON object with every input, intermediate and result instead
 */
import { choiceOption, runMain } from './lib/cli.js'
import { handCalc, lectureVersusTrue } from './hand-calc/compute.js'
import type { HandCalc } from './hand-calc/compute.js'
import { convHandCalc, renderConv } from './hand-calc/conv.js'

const script = 'hand-calc'
const options = {
  classes: { type: 'string', default: '2', value: '2|3', help: "outputs: 2 (the lecture's network) or 3 (the lecture's softmax gradient beside the true one)" },
  json: { type: 'boolean', help: 'print one JSON object with every input, intermediate and result' },
  conv: { type: 'boolean', help: 'instead: one 2×2 convolution and a 2×2 max-pool on a 4×4 image, forward and backward' }
} as const

runMain({
  name: script,
  summary: "The lecture's exercise ③: one training step of the small network, every number printed.",
  options,
  validate: (o) => ({ classes: choiceOption(script, 'classes', o.classes, ['2', '3'] as const) === '2' ? (2 as const) : (3 as const), json: o.json, conv: o.conv }),
  run: ({ classes, json, conv }) => {
    if (conv === true) {
      const c = convHandCalc()
      console.log(json ? JSON.stringify(c) : renderConv(c))
      return
    }
    const r = handCalc(classes)
    console.log(json ? JSON.stringify(r) : render(r))
  }
})

// -------------------------------------------------------------------------------------
// rendering
// -------------------------------------------------------------------------------------

function num(v: number): string {
  return (Object.is(v, -0) ? 0 : v).toPrecision(6).padStart(12)
}

function vector(name: string, v: ReadonlyArray<number>): string {
  const head = v.map((_, j) => `j=${j + 1}`.padStart(12)).join('')
  return `${name}\n${' '.repeat(6)}${head}\n${' '.repeat(6)}${v.map(num).join('')}`
}

function matrix(name: string, m: ReadonlyArray<ReadonlyArray<number>>): string {
  const head = m[0]!.map((_, j) => `j=${j + 1}`.padStart(12)).join('')
  return [name, `${' '.repeat(6)}${head}`, ...m.map((row, i) => `  i=${i + 1} ${row.map(num).join('')}`)].join('\n')
}

function render(h: HandCalc): string {
  const out = [
    `The lecture's exercise ③: 3 inputs → 3 ReLU → ${h.t.length} softmax outputs, one sample, η = ${h.eta} (float64)`,
    vector('input x', h.x),
    vector('target t (one-hot)', h.t),
    matrix('W¹ [in, out]', h.W1),
    vector('b¹', h.b1),
    matrix('W² [in, out]', h.W2),
    vector('b²', h.b2),
    '── forward ──',
    vector('a¹ = x·W¹ + b¹', h.a1),
    vector('x¹ = ReLU(a¹)', h.x1),
    vector('a² = x¹·W² + b²', h.a2),
    vector('x² = softmax(a²)', h.x2),
    `loss L = −Σ t ln x² = ${h.loss.toPrecision(6)}`,
    '── backward ──',
    vector('Δ² = ∂L/∂a² = x² − t', h.delta2),
    matrix('∂L/∂W² = x¹ᵀ·Δ²', h.dW2),
    vector('∂L/∂b² = Δ²', h.db2),
    vector('Δ¹ = Δ²·W²ᵀ ⊙ ReLU′(a¹)', h.delta1),
    matrix('∂L/∂W¹ = xᵀ·Δ¹', h.dW1),
    vector('∂L/∂b¹ = Δ¹', h.db1),
    `── update: w ← w − η ∂L/∂w, η = ${h.eta} ──`,
    matrix('W¹ new', h.W1new),
    vector('b¹ new', h.b1new),
    matrix('W² new', h.W2new),
    vector('b² new', h.b2new),
    `loss after the update = ${h.lossAfter.toPrecision(6)}`,
    `improvement = ${(h.loss - h.lossAfter).toPrecision(6)} (${(((h.loss - h.lossAfter) / h.loss) * 100).toFixed(2)} % lower)`
  ]
  if (h.t.length > 2) {
    const { lecture, truth } = lectureVersusTrue(h)
    out.push(
      '── the lecture\'s softmax gradient (diagonal Jacobian only) beside the true one ──',
      vector('lecture: (−t_j/x_j + Σ_{i≠j} t_i/x_i)·x_j(1 − x_j)', lecture),
      vector('true:    x² − t', truth),
      'They differ off the label: the softmax Jacobian has off-diagonal terms −x_i x_j (docs/backprop.md).'
    )
  }
  return out.join('\n\n')
}
