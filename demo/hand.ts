/**
 * Page "by hand": the lecture's exercise ③ (3 inputs → 3 ReLU → softmax, cross-entropy, one step
 * of gradient descent) as a diagram and tables. Every number is computed by the library, through
 * the same function `npm run hand-calc` prints (`handCalcOf`), from the numbers in the form.
 */
import { defaultInput, handCalcOf, lectureVersusTrue } from '../scripts/hand-calc/compute.js'
import type { HandCalc, HandCalcInput } from '../scripts/hand-calc/compute.js'
import { setupLang, t } from './i18n.js'
import type { Key } from './i18n.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

type Name = keyof HandCalc
type Section = 'parameters' | 'forward' | 'backward' | 'update'

interface Quantity {
  readonly name: Name
  readonly label: string
  readonly section: Section
  readonly editable?: boolean
  /** A label in words (translated), for the few quantities without a formula. */
  readonly words?: Key
}

interface Step {
  readonly id: string
  readonly formula: string
  readonly reads: ReadonlyArray<Name>
  readonly writes: ReadonlyArray<Name>
}

// the formulas of docs/backprop.md, in the order the lecture computes them
const steps: ReadonlyArray<Step> = [
  { id: 'start', formula: 'x, t, W¹, b¹, W², b², η', reads: [], writes: ['x', 't', 'W1', 'b1', 'W2', 'b2', 'eta'] },
  { id: 'a1', formula: 'a¹ = x·W¹ + b¹', reads: ['x', 'W1', 'b1'], writes: ['a1'] },
  { id: 'x1', formula: 'x¹ = ReLU(a¹) = max(0, a¹)', reads: ['a1'], writes: ['x1'] },
  { id: 'a2', formula: 'a² = x¹·W² + b²', reads: ['x1', 'W2', 'b2'], writes: ['a2'] },
  { id: 'x2', formula: 'x²ₖ = exp(a²ₖ) / Σⱼ exp(a²ⱼ)', reads: ['a2'], writes: ['x2'] },
  { id: 'loss', formula: 'L = −Σₖ tₖ ln x²ₖ', reads: ['x2', 't'], writes: ['loss'] },
  { id: 'delta2', formula: 'Δ² = ∂L/∂a² = x² − t', reads: ['x2', 't'], writes: ['delta2'] },
  { id: 'dW2', formula: '∂L/∂W² = x¹ᵀ·Δ²', reads: ['x1', 'delta2'], writes: ['dW2'] },
  { id: 'db2', formula: '∂L/∂b² = Δ²', reads: ['delta2'], writes: ['db2'] },
  { id: 'delta1', formula: 'Δ¹ = Δ²·W²ᵀ ⊙ ReLU′(a¹)', reads: ['delta2', 'W2', 'a1'], writes: ['delta1'] },
  { id: 'dW1', formula: '∂L/∂W¹ = xᵀ·Δ¹', reads: ['x', 'delta1'], writes: ['dW1'] },
  { id: 'db1', formula: '∂L/∂b¹ = Δ¹', reads: ['delta1'], writes: ['db1'] },
  {
    id: 'update',
    formula: 'w ← w − η ∂L/∂w',
    reads: ['W1', 'b1', 'W2', 'b2', 'dW1', 'db1', 'dW2', 'db2', 'eta'],
    writes: ['W1new', 'b1new', 'W2new', 'b2new', 'lossAfter']
  }
]

const quantities: ReadonlyArray<Quantity> = [
  { name: 'x', label: 'x', section: 'parameters', editable: true },
  { name: 't', label: 't', section: 'parameters' },
  { name: 'W1', label: 'W¹ [in, out]', section: 'parameters', editable: true },
  { name: 'b1', label: 'b¹', section: 'parameters', editable: true },
  { name: 'W2', label: 'W² [in, out]', section: 'parameters', editable: true },
  { name: 'b2', label: 'b²', section: 'parameters', editable: true },
  { name: 'eta', label: 'η', section: 'parameters', editable: true },
  { name: 'a1', label: 'a¹ = x·W¹ + b¹', section: 'forward' },
  { name: 'x1', label: 'x¹ = ReLU(a¹)', section: 'forward' },
  { name: 'a2', label: 'a² = x¹·W² + b²', section: 'forward' },
  { name: 'x2', label: 'x² = softmax(a²)', section: 'forward' },
  { name: 'loss', label: 'L = −Σ t ln x²', section: 'forward' },
  { name: 'delta2', label: 'Δ² = x² − t', section: 'backward' },
  { name: 'dW2', label: '∂L/∂W² = x¹ᵀ·Δ²', section: 'backward' },
  { name: 'db2', label: '∂L/∂b² = Δ²', section: 'backward' },
  { name: 'delta1', label: 'Δ¹ = Δ²·W²ᵀ ⊙ ReLU′(a¹)', section: 'backward' },
  { name: 'dW1', label: '∂L/∂W¹ = xᵀ·Δ¹', section: 'backward' },
  { name: 'db1', label: '∂L/∂b¹ = Δ¹', section: 'backward' },
  { name: 'W1new', label: 'W¹ ← W¹ − η ∂L/∂W¹', section: 'update' },
  { name: 'b1new', label: 'b¹ ← b¹ − η ∂L/∂b¹', section: 'update' },
  { name: 'W2new', label: 'W² ← W² − η ∂L/∂W²', section: 'update' },
  { name: 'b2new', label: 'b² ← b² − η ∂L/∂b²', section: 'update' },
  { name: 'lossAfter', label: 'L', section: 'update', words: 'lossAfter' }
]

// the step at which each quantity is first known
const writtenAt = new Map<Name, number>(steps.flatMap((s, i) => s.writes.map((n) => [n, i] as const)))

// -------------------------------------------------------------------------------------
// state (the page's only mutable values)
// -------------------------------------------------------------------------------------

type Mutable = { x: Array<number>; t: Array<number>; eta: number; W1: Array<Array<number>>; b1: Array<number>; W2: Array<Array<number>>; b2: Array<number> }
const copy = (i: HandCalcInput): Mutable => ({
  x: [...i.x],
  t: [...i.t],
  eta: i.eta,
  W1: i.W1.map((r) => [...r]),
  b1: [...i.b1],
  W2: i.W2.map((r) => [...r]),
  b2: [...i.b2]
})
let input = copy(defaultInput(2))
let result: HandCalc = handCalcOf(input)
let step = 0

// -------------------------------------------------------------------------------------
// rendering
// -------------------------------------------------------------------------------------

const $ = <E extends Element = HTMLElement>(sel: string): E => {
  const el = document.querySelector<E>(sel)
  if (el === null) throw new Error(`demo: ${sel} is missing`)
  return el
}
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  if (text !== '') e.textContent = text
  return e
}
const SVG = 'http://www.w3.org/2000/svg'
const svg = (tag: string, attrs: Record<string, string | number>, text = ''): SVGElement => {
  const e = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v))
  if (text !== '') e.textContent = text
  return e
}

/** Six significant digits, as `npm run hand-calc` prints (and −0 shown as 0). */
const fmt = (v: number): string => (Object.is(v, -0) ? 0 : v).toPrecision(6)
/** Short form for the diagram, where space is tight. */
const short = (v: number): string => String(Number((Object.is(v, -0) ? 0 : v).toFixed(3)))

const valueOf = (name: Name): number | ReadonlyArray<number> | ReadonlyArray<ReadonlyArray<number>> => result[name]

const known = (name: Name): boolean => (writtenAt.get(name) ?? 0) <= step

/** The tables: one per quantity, grouped by section; editable ones hold inputs. */
const buildTables = (): void => {
  const root = $('#quantities')
  root.replaceChildren()
  for (const section of ['parameters', 'forward', 'backward', 'update'] as const) {
    const box = el('section', { class: `quantity-section ${section}` })
    box.append(el('h2', { 'data-i18n': section }, t(section)))
    for (const q of quantities.filter((q) => q.section === section)) box.append(table(q))
    root.append(box)
  }
}

const table = (q: Quantity): HTMLElement => {
  const fig = el('figure', { class: 'quantity', 'data-q': q.name })
  fig.append(el('figcaption', {}, q.words === undefined ? q.label : `${q.label}: ${t(q.words)}`))
  const v = valueOf(q.name)
  const wrap = el('div', { class: 'scroll' })
  const tab = el('table')
  const cell = (key: string, label: string, value: number): HTMLElement => {
    const td = el('td')
    if (q.editable === true) {
      const inp = el('input', { type: 'number', step: '0.1', inputmode: 'decimal', 'data-key': key, 'aria-label': label, value: String(value) })
      inp.addEventListener('input', () => edit(inp, key))
      td.append(inp)
    } else td.append(el('span', { class: 'num', 'data-key': key }))
    return td
  }
  if (typeof v === 'number') {
    const tr = el('tr')
    tr.append(cell(q.name, q.label, v))
    tab.append(tr)
  } else if (typeof v[0] === 'number') {
    const row = v as ReadonlyArray<number>
    const head = el('tr')
    head.append(...row.map((_, j) => el('th', { scope: 'col' }, `j=${j + 1}`)))
    const tr = el('tr')
    tr.append(...row.map((x, j) => cell(`${q.name}.${j}`, `${q.label} j=${j + 1}`, x)))
    tab.append(head, tr)
  } else {
    const m = v as ReadonlyArray<ReadonlyArray<number>>
    const head = el('tr')
    head.append(el('th'), ...m[0]!.map((_, j) => el('th', { scope: 'col' }, `j=${j + 1}`)))
    tab.append(head)
    m.forEach((row, i) => {
      const tr = el('tr')
      tr.append(el('th', { scope: 'row' }, `i=${i + 1}`), ...row.map((x, j) => cell(`${q.name}.${i}.${j}`, `${q.label} i=${i + 1} j=${j + 1}`, x)))
      tab.append(tr)
    })
  }
  wrap.append(tab)
  fig.append(wrap)
  return fig
}

/** Write every computed number into its cell (or a dot while its step is not reached). */
const fillNumbers = (): void => {
  for (const span of document.querySelectorAll<HTMLElement>('span.num[data-key]')) {
    const [name, i, j] = (span.dataset['key'] ?? '').split('.') as [Name, string?, string?]
    const v = valueOf(name)
    const x = typeof v === 'number' ? v : i === undefined ? NaN : j === undefined ? (v as ReadonlyArray<number>)[+i]! : (v as ReadonlyArray<ReadonlyArray<number>>)[+i]![+j]!
    span.textContent = known(name) ? fmt(x) : '·'
  }
  $('#loss-before').textContent = fmt(result.loss)
  $('#loss-after').textContent = fmt(result.lossAfter)
  $('#improvement').textContent = `${fmt(result.loss - result.lossAfter)} (${((100 * (result.loss - result.lossAfter)) / result.loss).toFixed(2)} %)`
  const lecture = $('#lecture')
  lecture.hidden = input.t.length !== 3
  if (input.t.length === 3) {
    const { lecture: l, truth } = lectureVersusTrue(result)
    const tab = el('table')
    const head = el('tr')
    head.append(el('th'), ...l.map((_, j) => el('th', { scope: 'col' }, `j=${j + 1}`)))
    const row = (key: 'lecture' | 'truth', label: string, vs: ReadonlyArray<number>) => {
      const tr = el('tr', { class: key })
      tr.append(el('th', { scope: 'row' }, label), ...vs.map((v, j) => el('td', { 'data-key': `${key}.${j}` }, fmt(v))))
      return tr
    }
    tab.append(head, row('lecture', t('lectureRow'), l), row('truth', t('truthRow'), truth))
    $('#lecture-table').replaceChildren(tab)
  }
}

/** The diagram: inputs, hidden units and outputs with their numbers; edges labelled with weights. */
const drawDiagram = (): void => {
  const root = $<SVGSVGElement>('#diagram')
  for (const c of [...root.children]) if (c.tagName !== 'title') c.remove()
  const k = input.t.length
  const ys = (n: number) => (n === 3 ? [60, 180, 300] : [110, 240])
  const [cx0, cx1, cx2] = [66, 330, 596]
  const [w, h] = [124, 78]
  const edges = svg('g', { class: 'edges' })
  const nodes = svg('g', { class: 'nodes' })
  const edge = (xa: number, ya: number, xb: number, yb: number, weight: number, grad: number | undefined, q: string, at: number) => {
    const g = svg('g', { class: 'edge', 'data-q': q })
    g.append(svg('line', { x1: xa, y1: ya, x2: xb, y2: yb, 'stroke-width': 1 + 3 * Math.min(1, Math.abs(weight)), class: weight >= 0 ? 'pos' : 'neg' }))
    // labels near the target end, where the edges into one unit fan apart: one column per unit
    const [lx, ly] = [xa + (xb - xa) * at, ya + (yb - ya) * at]
    g.append(svg('text', { x: lx, y: ly + 4, class: 'wlabel', 'text-anchor': 'end' }, grad === undefined ? short(weight) : `${short(weight)} ∂${short(grad)}`))
    edges.append(g)
  }
  const node = (x: number, y: number, lines: ReadonlyArray<string>, q: string) => {
    const g = svg('g', { class: 'node', 'data-q': q })
    const hh = lines.length === 1 ? 34 : h
    g.append(svg('rect', { x: x - w / 2, y: y - hh / 2, width: w, height: hh, rx: 10 }))
    lines.forEach((line, i) => g.append(svg('text', { x: x - w / 2 + 10, y: y - hh / 2 + 20 + 17 * i }, line)))
    nodes.append(g)
  }
  const show = (name: Name, v: number): string => (known(name) ? short(v) : '·')
  const y0 = ys(3)
  const y2 = ys(k)
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) edge(cx0 + w / 2, y0[i]!, cx1 - w / 2, y0[j]!, input.W1[i]![j]!, known('dW1') ? result.dW1[i]![j] : undefined, 'W1 dW1 W1new', 0.84)
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < k; j++) edge(cx1 + w / 2, y0[i]!, cx2 - w / 2, y2[j]!, input.W2[i]![j]!, known('dW2') ? result.dW2[i]![j] : undefined, 'W2 dW2 W2new', 0.84)
  for (let i = 0; i < 3; i++) node(cx0, y0[i]!, [`x${sub(i)} = ${short(input.x[i]!)}`], 'x')
  for (let j = 0; j < 3; j++)
    node(cx1, y0[j]!, [`b¹${sub(j)} = ${short(input.b1[j]!)}`, `a¹${sub(j)} = ${show('a1', result.a1[j]!)}`, `x¹${sub(j)} = ${show('x1', result.x1[j]!)}`, `δ¹${sub(j)} = ${show('delta1', result.delta1[j]!)}`], 'a1 x1 delta1 b1 db1 b1new')
  for (let j = 0; j < k; j++)
    node(cx2, y2[j]!, [`b²${sub(j)} = ${short(input.b2[j]!)}`, `a²${sub(j)} = ${show('a2', result.a2[j]!)}`, `x²${sub(j)} = ${show('x2', result.x2[j]!)}`, `δ²${sub(j)} = ${show('delta2', result.delta2[j]!)}`], 'a2 x2 delta2 b2 db2 b2new')
  for (let j = 0; j < k; j++) {
    const tg = svg('g', { class: 'target', 'data-q': 't' })
    tg.append(svg('text', { x: cx2, y: y2[j]! + h / 2 + 14, 'text-anchor': 'middle' }, `t${sub(j)} = ${input.t[j]}`))
    nodes.append(tg)
  }
  const loss = svg('g', { class: 'node loss', 'data-q': 'loss lossAfter' })
  loss.append(svg('text', { x: 650, y: 382, 'text-anchor': 'end' }, `L = ${known('loss') ? fmt(result.loss) : '·'}${known('lossAfter') ? ` → ${fmt(result.lossAfter)}` : ''}`))
  root.append(edges, nodes, loss)
  $('#diagram-title').textContent = `3 → 3 ReLU → ${k} softmax`
}
const sub = (i: number): string => '₁₂₃'[i] ?? ''

/** Highlight what the current step reads and writes, in the diagram, the formulas and the tables. */
const highlight = (): void => {
  const s = steps[step]!
  for (const e of document.querySelectorAll('.reads, .writes')) e.classList.remove('reads', 'writes')
  for (const e of document.querySelectorAll<Element>('[data-q]')) {
    const qs = (e.getAttribute('data-q') ?? '').split(' ') as Array<Name>
    if (step > 0 && qs.some((q) => s.reads.includes(q))) e.classList.add('reads')
    if (qs.some((q) => s.writes.includes(q))) e.classList.add('writes')
  }
  for (const li of document.querySelectorAll<HTMLElement>('#formulas li')) {
    const active = li.dataset['step'] === s.id
    li.classList.toggle('active', active)
    if (active) li.setAttribute('aria-current', 'step')
    else li.removeAttribute('aria-current')
  }
  $('#step-count').textContent = t('stepOf', { i: step, n: steps.length - 1 })
  $('#step-formula').textContent = s.formula
  $('#step-text').textContent = t(`step.${s.id}` as Key)
  $<HTMLButtonElement>('#prev').disabled = step === 0
  $<HTMLButtonElement>('#first').disabled = step === 0
  $<HTMLButtonElement>('#next').disabled = step === steps.length - 1
  document.body.dataset['step'] = s.id
}

const buildFormulas = (): void => {
  $('#formulas').replaceChildren(
    ...steps.map((s, i) => {
      const li = el('li', { 'data-step': s.id })
      const b = el('button', { type: 'button', class: 'formula' })
      b.append(el('code', {}, s.formula), el('span', {}, ` — ${t(`step.${s.id}` as Key)}`))
      b.addEventListener('click', () => go(i))
      li.append(b)
      return li
    })
  )
}

const buildTarget = (): void => {
  const sel = $<HTMLSelectElement>('#target')
  sel.replaceChildren(...input.t.map((_, j) => el('option', { value: String(j) }, `${j + 1}`)))
  sel.value = String(input.t.indexOf(1))
}

const render = (): void => {
  fillNumbers()
  drawDiagram()
  highlight()
}

const rebuild = (): void => {
  buildTables()
  buildFormulas()
  buildTarget()
  render()
}

// -------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------

const go = (i: number): void => {
  step = Math.max(0, Math.min(steps.length - 1, i))
  render()
}

const edit = (inp: HTMLInputElement, key: string): void => {
  const v = inp.valueAsNumber
  const ok = Number.isFinite(v)
  inp.setAttribute('aria-invalid', String(!ok))
  inp.title = ok ? '' : t('invalid')
  if (!ok) return
  const [name, i, j] = key.split('.') as [keyof Mutable, string?, string?]
  if (name === 'eta') input.eta = v
  else if (name === 'W1' || name === 'W2') input[name][+i!]![+j!] = v
  else if (name === 'x' || name === 'b1' || name === 'b2') input[name][+i!] = v
  result = handCalcOf(input)
  render()
}

const start = (): void => {
  setupLang(() => rebuild())
  $('#first').addEventListener('click', () => go(0))
  $('#prev').addEventListener('click', () => go(step - 1))
  $('#next').addEventListener('click', () => go(step + 1))
  $('#all').addEventListener('click', () => go(steps.length - 1))
  $('#reset').addEventListener('click', () => {
    input = copy(defaultInput(input.t.length === 3 ? 3 : 2))
    result = handCalcOf(input)
    rebuild()
  })
  $('#classes3').addEventListener('change', (e) => {
    input = copy(defaultInput((e.target as HTMLInputElement).checked ? 3 : 2))
    result = handCalcOf(input)
    rebuild()
  })
  $('#target').addEventListener('change', (e) => {
    const c = Number((e.target as HTMLSelectElement).value)
    input.t = input.t.map((_, j) => (j === c ? 1 : 0))
    result = handCalcOf(input)
    render()
  })
  rebuild()
  document.body.dataset['ready'] = 'true'
}

start()
