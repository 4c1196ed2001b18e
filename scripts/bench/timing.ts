/** Timing helpers for benchmarks: warm up, then the median of repeated runs (the machine is shared and noisy). */

export interface Timing {
  readonly medianMs: number
  readonly runs: number
}

/** Run `f` `warmup` times untimed, then `runs` times timed; report the median. */
export const time = (f: () => unknown, runs = 7, warmup = 2): Timing => {
  for (let i = 0; i < warmup; i++) f()
  const ms: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    f()
    ms.push(performance.now() - t0)
  }
  return { medianMs: median(ms), runs }
}

export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Render rows as a fixed-width text table. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: ReadonlyArray<string>): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
