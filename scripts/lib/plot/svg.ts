/**
 * Small SVG charts for experiment reports: line charts (learning curves), a scatter plot
 * (predicted against true), a heat map (confusion matrix) and an image grid (misclassified
 * digits, each a PNG embedded as a data URI with its caption). Plain strings, no dependencies.
 */
import { PNG } from 'pngjs'

export interface Series {
  readonly name: string
  readonly points: ReadonlyArray<readonly [number, number]>
}

const W = 640
const H = 400
const M = { left: 64, right: 150, top: 40, bottom: 52 }
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd']

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3))

const extent = (xs: ReadonlyArray<number>): readonly [number, number] => {
  const lo = Math.min(...xs)
  const hi = Math.max(...xs)
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi]
}

// Axes, ticks and labels around a plot area; returns the SVG and the two scale functions.
const frame = (title: string, xLabel: string, yLabel: string, xr: readonly [number, number], yr: readonly [number, number]) => {
  const pw = W - M.left - M.right
  const ph = H - M.top - M.bottom
  const sx = (x: number): number => M.left + ((x - xr[0]) / (xr[1] - xr[0])) * pw
  const sy = (y: number): number => M.top + ph - ((y - yr[0]) / (yr[1] - yr[0])) * ph
  const ticks = [0, 0.25, 0.5, 0.75, 1]
  const parts = [
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="16">${esc(title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`,
    ...ticks.map((t) => {
      const x = xr[0] + t * (xr[1] - xr[0])
      const y = yr[0] + t * (yr[1] - yr[0])
      return (
        `<text x="${sx(x)}" y="${H - M.bottom + 18}" text-anchor="middle" font-size="11">${fmt(x)}</text>` +
        `<text x="${M.left - 6}" y="${sy(y) + 4}" text-anchor="end" font-size="11">${fmt(y)}</text>` +
        `<line x1="${M.left}" x2="${M.left + pw}" y1="${sy(y)}" y2="${sy(y)}" stroke="#eee"/>`
      )
    }),
    `<text x="${M.left + pw / 2}" y="${H - 10}" text-anchor="middle" font-size="13">${esc(xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13">${esc(yLabel)}</text>`
  ]
  return { svg: parts.join('\n'), sx, sy }
}

const doc = (body: string, width = W, height = H): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`

/** A line chart with a legend, e.g. training and test loss per epoch. */
export const lineChart = (title: string, xLabel: string, yLabel: string, series: ReadonlyArray<Series>): string => {
  const all = series.flatMap((s) => s.points)
  const f = frame(title, xLabel, yLabel, extent(all.map((p) => p[0])), extent(all.map((p) => p[1])))
  const lines = series.map((s, i) => {
    const c = COLORS[i % COLORS.length]!
    const d = s.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${f.sx(x).toFixed(1)},${f.sy(y).toFixed(1)}`).join(' ')
    const dots = s.points.map(([x, y]) => `<circle cx="${f.sx(x).toFixed(1)}" cy="${f.sy(y).toFixed(1)}" r="3" fill="${c}"/>`).join('')
    const ly = M.top + 16 + 20 * i
    return `<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>${dots}<line x1="${W - M.right + 12}" x2="${W - M.right + 32}" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="2"/><text x="${W - M.right + 38}" y="${ly + 4}" font-size="12">${esc(s.name)}</text>`
  })
  return doc([f.svg, ...lines].join('\n'))
}

/** A scatter plot of (x, y) points with the diagonal y = x, e.g. predicted against true. */
export const scatterPlot = (title: string, xLabel: string, yLabel: string, points: ReadonlyArray<readonly [number, number]>): string => {
  const r = extent(points.flatMap(([x, y]) => [x, y]))
  const f = frame(title, xLabel, yLabel, r, r)
  const dots = points.map(([x, y]) => `<circle cx="${f.sx(x).toFixed(1)}" cy="${f.sy(y).toFixed(1)}" r="3" fill="${COLORS[0]}" fill-opacity="0.6"/>`)
  const diag = `<line x1="${f.sx(r[0])}" y1="${f.sy(r[0])}" x2="${f.sx(r[1])}" y2="${f.sy(r[1])}" stroke="#d62728" stroke-dasharray="4 4"/>`
  return doc([f.svg, diag, ...dots].join('\n'))
}

/** A heat map with counts in the cells, e.g. a confusion matrix (rows true, columns predicted). */
export const heatmap = (title: string, rowLabel: string, colLabel: string, counts: ReadonlyArray<ReadonlyArray<number>>): string => {
  const n = counts.length
  const cell = 40
  const left = 70
  const top = 60
  const max = Math.max(1, ...counts.flat())
  const cells = counts.flatMap((row, i) =>
    row.map((c, j) => {
      const shade = Math.round(255 * (1 - Math.sqrt(c / max)))
      const ink = shade < 110 ? 'white' : 'black'
      return `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#ccc"/><text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" font-size="11" fill="${ink}">${c}</text>`
    })
  )
  const labels = Array.from({ length: n }, (_, i) =>
    `<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="12">${i}</text><text x="${left + i * cell + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="12">${i}</text>`
  )
  const width = left + n * cell + 20
  const height = top + n * cell + 50
  const axis = `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16">${esc(title)}</text><text x="${left + (n * cell) / 2}" y="${top + n * cell + 30}" text-anchor="middle" font-size="13">${esc(colLabel)}</text><text transform="translate(18 ${top + (n * cell) / 2}) rotate(-90)" text-anchor="middle" font-size="13">${esc(rowLabel)}</text>`
  return doc([axis, ...labels, ...cells].join('\n'), width, height)
}

/** A grayscale image (values in [0, 1], row-major) as PNG bytes, scaled up by `zoom`. */
export const grayPng = (pixels: ArrayLike<number>, width: number, height: number, zoom = 1): Buffer => {
  const png = new PNG({ width: width * zoom, height: height * zoom })
  for (let y = 0; y < height * zoom; y++) {
    for (let x = 0; x < width * zoom; x++) {
      const v = Math.max(0, Math.min(255, Math.round(255 * (1 - pixels[Math.floor(y / zoom) * width + Math.floor(x / zoom)]!))))
      const o = (y * width * zoom + x) * 4
      png.data[o] = v
      png.data[o + 1] = v
      png.data[o + 2] = v
      png.data[o + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

export interface Tile {
  readonly pixels: ArrayLike<number>
  readonly caption: string
}

/** A grid of small images with captions, e.g. misclassified digits with "true 7 → predicted 2". */
export const imageGrid = (title: string, tiles: ReadonlyArray<Tile>, width: number, height: number, columns = 8): string => {
  const zoom = 3
  const cw = width * zoom + 24
  const ch = height * zoom + 34
  const rows = Math.max(1, Math.ceil(tiles.length / columns))
  const body = tiles.map((t, i) => {
    const x = 12 + (i % columns) * cw
    const y = 40 + Math.floor(i / columns) * ch
    const uri = `data:image/png;base64,${grayPng(t.pixels, width, height, 1).toString('base64')}`
    return `<image x="${x}" y="${y}" width="${width * zoom}" height="${height * zoom}" href="${uri}" style="image-rendering:pixelated"/><text x="${x + (width * zoom) / 2}" y="${y + height * zoom + 16}" text-anchor="middle" font-size="12">${esc(t.caption)}</text>`
  })
  const w = 24 + columns * cw
  return doc([`<text x="${w / 2}" y="24" text-anchor="middle" font-size="16">${esc(title)}</text>`, ...body].join('\n'), w, 50 + rows * ch)
}
