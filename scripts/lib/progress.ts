/**
 * Progress for training scripts (the library never prints). On a terminal: one live line,
 * redrawn in place with a carriage return, showing epoch, step, loss, samples per second and the
 * estimated time left. Elsewhere (CI, a pipe, `| tee`, a file): the same text as plain lines, one
 * each time the epoch passes another tenth of its steps or `plainEvery` seconds (5) have gone by
 * since the last line, whichever comes first, so a log never goes quiet for long and stays
 * readable; then one line per epoch. Feed it from `Train.fit`'s observer.
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
 * seconds; the live line is redrawn at most every `interval` seconds; without a terminal, a plain
 * line at every tenth of an epoch or after `plainEvery` seconds.
 */
export const progress = (out: Output, now: () => number = () => performance.now() / 1000, interval = 0.1, plainEvery = 5) => {
  const start = now()
  let last = -Infinity
  // Plain output: when the last line was printed, and in which tenth of which epoch.
  let lastPlain = start
  let lastTenth = { epoch: 0, tenth: 0 }
  return {
    tick: (t: Tick): void => {
      const time = now()
      if (out.isTTY === true) {
        if (time - last < interval) return
        last = time
        out.write(`\r${formatTick(t, time - start)}\x1b[K`)
        return
      }
      // The last step of an epoch is reported by the epoch line that follows it.
      if (t.step >= t.steps) return
      const tenth = Math.floor((10 * t.step) / t.steps)
      const newTenth = t.epoch !== lastTenth.epoch ? tenth > 0 : tenth > lastTenth.tenth
      if (!newTenth && time - lastPlain < plainEvery) return
      lastPlain = time
      lastTenth = { epoch: t.epoch, tenth }
      out.write(`${formatTick(t, time - start)}\n`)
    },
    epoch: (e: EpochLine): void => {
      out.write(`${out.isTTY === true ? '\r\x1b[K' : ''}${formatEpoch(e)}\n`)
    }
  }
}
