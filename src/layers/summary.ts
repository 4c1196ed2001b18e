/**
 * A model summary, as Keras's `model.summary()` shows one: every primitive stage in the order it
 * runs, the shape of its output, how many numbers it learns, and the total. Parameter counts are
 * read from the parameters themselves (given, or freshly drawn by `init` from a fixed key), so a
 * layer written by hand is counted as exactly as the library's own.
 *
 *   dense(i→u): i·u weights + u biases;  activations, dropout, flatten: 0
 *
 * @since 0.2.0
 */
import * as T from '../tensor/index.js'
import * as R from '../random/index.js'
import * as Tree from '../tree/index.js'
import type { AnyLayer } from './layer.js'
import { showRows } from './layer.js'
import { leavesOf } from './spec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One stage of a summary. @category model @since 0.2.0 */
export interface SummaryRow {
  /** Where its parameters sit in the network's tree (`[0]`, `[2][1]`; `''` for a primitive network). */
  readonly path: string
  readonly name: string
  /** The `kind` of its stage description, when the library built it. */
  readonly kind: string | undefined
  /** The shape of one example out of this stage. */
  readonly outputRow: T.Shape
  readonly params: number
}

/** A summary: the stages, the input they start from, and the total number of parameters. @category model @since 0.2.0 */
export interface Summary {
  readonly inputRow: T.Shape
  readonly dtype: T.DType
  readonly rows: ReadonlyArray<SummaryRow>
  readonly total: number
}

// -------------------------------------------------------------------------------------
// operations
// -------------------------------------------------------------------------------------

/**
 * The summary as data.
 *
 * @example
 * import { Layer } from 'kanzen'
 * const s = Layer.summaryOf(Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2)))
 * assert.deepStrictEqual(s.rows.map((r) => [r.name, r.outputRow, r.params]), [['dense(4→3)', [3], 15], ['relu', [3], 0], ['dense(3→2)', [2], 8]])
 * assert.strictEqual(s.total, 23)
 *
 * @category operations
 * @since 0.2.0
 */
export const summaryOf = (net: AnyLayer, params: unknown = net.init(summaryKey)): Summary => {
  const rows = leavesOf(net, params).map(
    (leaf): SummaryRow => ({
      path: leaf.path,
      name: leaf.layer.name,
      kind: leaf.layer.spec?.kind,
      outputRow: leaf.layer.outputRow,
      params: countParams(leaf.params)
    })
  )
  return { inputRow: net.inputRow, dtype: net.dtype, rows, total: rows.reduce((n, r) => n + r.params, 0) }
}

/**
 * The summary as a table of text, one stage a line, for a script to print:
 *
 *   stage  layer            output     params
 *   [0]    dense(4→3)       [B, 3]         15
 *   …
 *   total parameters: 23 (92 B as float32), input [B, 4] float32
 *
 * @example
 * import { Layer } from 'kanzen'
 * const text = Layer.summary(Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2)))
 * assert.match(text, /^stage +layer +output +params\n\[0\] +dense\(4→3\) +\[B, 3\] +15\n/)
 * assert.match(text, /total parameters: 23 \(92 B as float32\), input \[B, 4\] float32$/)
 *
 * @category operations
 * @since 0.2.0
 */
export const summary = (net: AnyLayer, params?: unknown): string => {
  const s = summaryOf(net, params)
  const table = [
    ['stage', 'layer', 'output', 'params'],
    ...s.rows.map((r) => [r.path === '' ? '—' : r.path, r.name, showRows(r.outputRow), grouped(r.params)])
  ]
  const widths = [0, 1, 2, 3].map((c) => Math.max(...table.map((row) => (row[c] ?? '').length)))
  const line = (row: ReadonlyArray<string>): string =>
    row.map((cell, c) => (c === 3 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ')
  const bytes = s.total * (s.dtype === 'float64' ? 8 : 4)
  return [
    ...table.map(line),
    `total parameters: ${grouped(s.total)} (${showBytes(bytes)} as ${s.dtype}), input ${showRows(s.inputRow)} ${s.dtype}`
  ].join('\n')
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const summaryKey = /*#__PURE__*/ R.key(0)

// Numbers in a parameter tree (the sizes of its tensor leaves).
const countParams = (tree: unknown): number => Tree.leaves(tree).reduce((n, [, t]) => n + t.size, 0)

const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

const showBytes = (b: number): string =>
  b < 1024 ? `${b} B` : b < 1024 ** 2 ? `${(b / 1024).toFixed(1)} KiB` : `${(b / 1024 ** 2).toFixed(2)} MiB`
