/**
 * Progress for training scripts (the library never prints). On a terminal: one live line,
 * redrawn in place with a carriage return, showing epoch, step, loss, samples per second and the
 * estimated time left. Elsewhere (CI, a pipe, a file): nothing while an epoch runs, then one plain
 * line per epoch, so logs stay readable. Feed it from `Train.scan` states.
 *
 * ETA = elapsed · (total steps − steps done) / steps done, over the whole run so far.
 */

export interface Tick {
  /** 1-based epoch and how many there are. */
  readonly epoch: number
  readonly epochs: number
  /** Steps done in this epoch and steps per epoch. */
  readonly step: number
  readonly steps: number
  /** Loss of the last batch. */
  readonly loss: number
  /** Samples seen since the run started. */
  readonly samples: number
}

export interface EpochLine {
  readonly epoch: number
  readonly epochs: number
  readonly metrics: Readonly<Record<string, number>>
  readonly seconds: number
}

/** `m:ss` or `h:mm:ss`; `--:--` when not known yet. */
export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--'
  const s = Math.round(seconds)
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60]
  const two = (n: number): string => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`
}

/** A loss with four significant digits (NaN and ±Inf spelled out). */
export const formatLoss = (loss: number): string => (Number.isFinite(loss) ? loss.toPrecision(4) : String(loss))

/** Samples per second, as a whole number with thousands grouped: `12,345 samples/s`. */
export const formatRate = (perSecond: number): string =>
  `${Number.isFinite(perSecond) ? Math.round(perSecond).toLocaleString('en-US') : '–'} samples/s`

/** The live line for a step, given the seconds elapsed since the run started. */
export const formatTick = (t: Tick, elapsed: number): string => {
  const done = (t.epoch - 1) * t.steps + t.step
  const eta = done > 0 ? (elapsed * (t.epochs * t.steps - done)) / done : Number.NaN
  const w = String(t.steps).length
  const step = `step ${String(t.step).padStart(w)}/${t.steps}`
  return `epoch ${t.epoch}/${t.epochs}  ${step}  loss ${formatLoss(t.loss)}  ${formatRate(t.samples / elapsed)}  ETA ${formatDuration(eta)}`
}

/** The line printed when an epoch ends: its metrics and how long it took. */
export const formatEpoch = (e: EpochLine): string =>
  [
    `epoch ${e.epoch}/${e.epochs}`,
    ...Object.entries(e.metrics).map(([k, v]) => `${k} ${formatLoss(v)}`),
    `(${e.seconds.toFixed(1)} s)`
  ].join('  ')

export interface Output {
  readonly isTTY?: boolean
  readonly write: (text: string) => unknown
}

/**
 * A progress reporter writing to `out` (process.stderr by default in scripts). `now` gives
 * seconds; the live line is redrawn at most every `interval` seconds.
 */
export const progress = (out: Output, now: () => number = () => performance.now() / 1000, interval = 0.1) => {
  const start = now()
  let last = -Infinity
  return {
    tick: (t: Tick): void => {
      const time = now()
      if (out.isTTY !== true || time - last < interval) return
      last = time
      out.write(`\r${formatTick(t, time - start)}\x1b[K`)
    },
    epoch: (e: EpochLine): void => {
      out.write(`${out.isTTY === true ? '\r\x1b[K' : ''}${formatEpoch(e)}\n`)
    }
  }
}
