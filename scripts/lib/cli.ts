/**
 * The one skeleton of the experiment scripts, and its command-line plumbing:
 *
 *   parse (argv → option values; `--help` → usage on stdout, exit 0)
 *   → validate (values → a checked configuration, before anything slow)
 *   → run (the work, printing its report)
 *   → exit code: 0 done, 2 bad input (one line on stderr), 1 an unexpected error (one line).
 *
 * A script is `runMain({ name, summary, options, validate, run })`. `fail` may be called anywhere
 * below `runMain` (in validate, in run, in a helper): it throws a `Failure` that the skeleton
 * turns into one line on stderr and exit code 2, so `finally` blocks (e.g. removing a half-written
 * output folder) still run. No stack trace ever reaches the user.
 */
import { parseArgs } from 'node:util'

export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly default?: string
  readonly help: string
  readonly value?: string
}

export type Options = Readonly<Record<string, OptionSpec>>

export type Values<O extends Options> = { readonly [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean : string | undefined }

/** What a script is: its name (as in `npm run NAME`), a summary, its options, and the two steps. */
export interface Script<O extends Options, C> {
  readonly name: string
  readonly summary: string
  readonly options: O
  /** Option values → a checked configuration; a bad value is a `fail`. Runs before any slow work. */
  readonly validate: (values: Values<O>) => C
  /** The work and its report. A `fail` inside stops the script with exit code 2. */
  readonly run: (config: C) => Promise<void> | void
}

/** Bad input, stopping a script: the one line it prints (already prefixed with the script's name). */
export class Failure extends Error {
  constructor(readonly line: string) {
    super(line)
  }
}

/** The longest line a script prints about bad input; anything beyond is cut with `…`. */
export const maxLineLength = 500

/**
 * Text made safe for one line: newlines and other control characters shown as escapes
 * (`\n`, `\u0007`), and cut to `max` characters with `…`.
 */
export const oneLine = (text: string, max = maxLineLength): string => {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/\r?\n/g, '; ').replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** Stop: one line on stderr, exit code 2 (thrown, and reported by `runMain`). */
export const fail = (script: string, message: string): never => {
  throw new Failure(oneLine(`${script}: ${message}`))
}

/** The usage text: one line per option with its default. */
export const usage = (script: string, summary: string, options: Options): string =>
  [
    `usage: npm run ${script} -- [options]`,
    '',
    summary,
    '',
    ...Object.entries(options).map(([name, o]) => {
      const flag = o.type === 'boolean' ? `--${name}` : `--${name} ${o.value ?? 'X'}`
      return `  ${flag.padEnd(26)} ${o.help}${o.default !== undefined ? ` (default ${o.default})` : ''}`
    }),
    `  ${'--help'.padEnd(26)} show this text`
  ].join('\n')

/** Parse argv against the options; an unknown option or a missing value is a `fail`; `--help` prints the usage and exits 0. */
export const parseCli = <O extends Options>(script: string, summary: string, options: O, argv = process.argv.slice(2)): Values<O> => {
  const config = Object.fromEntries([
    ...Object.entries(options).map(([name, o]) => [name, o.type === 'boolean' ? { type: 'boolean' as const } : { type: 'string' as const, ...(o.default !== undefined ? { default: o.default } : {}) }]),
    ['help', { type: 'boolean' as const }]
  ])
  let values: Readonly<Record<string, unknown>>
  try {
    values = parseArgs({ args: argv, options: config, allowPositionals: false, strict: true }).values
  } catch (e) {
    return fail(script, `${(e instanceof Error ? e.message : String(e)).split('\n')[0]} (see --help)`)
  }
  if (values['help'] === true) {
    process.stdout.write(usage(script, summary, options) + '\n')
    process.exit(0)
  }
  // Each value has the type its option declares: parseArgs was configured from the same table.
  return Object.fromEntries(Object.entries(options).map(([k, o]) => [k, o.type === 'boolean' ? values[k] === true : typeof values[k] === 'string' ? values[k] : undefined])) as Values<O>
}

/** A whole number within [min, max], or a `fail` naming the option. */
export const intOption = (script: string, name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  const n = Number(raw)
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    return fail(script, `--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got ${quote(raw ?? '')}`)
  }
  return n
}

/** A positive finite number, or a `fail` naming the option. */
export const positiveOption = (script: string, name: string, raw: string | undefined): number => {
  const x = Number(raw)
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(x) || x <= 0) return fail(script, `--${name} must be a positive number, got ${quote(raw ?? '')}`)
  return x
}

/** One of a fixed set of words, or a `fail` listing them. */
export const choiceOption = <C extends string>(script: string, name: string, raw: string | undefined, choices: ReadonlyArray<C>): C => {
  const found = choices.find((c) => c === raw)
  return found ?? fail(script, `--${name} must be one of ${choices.join('|')}, got ${quote(raw ?? '')}`)
}

/** The widest hidden layer a script accepts (a documented limit, checked before anything is allocated). */
export const maxWidth = 100000

/** A comma-separated list of positive whole numbers, e.g. `--hidden 256,128`. */
export const widthsOption = (script: string, name: string, raw: string | undefined): ReadonlyArray<number> => {
  const parts = (raw ?? '').split(',').map((s) => s.trim())
  const ws = parts.map(Number)
  if (raw === undefined || parts.some((p) => p === '') || ws.some((w) => !Number.isInteger(w) || w < 1 || w > maxWidth)) {
    return fail(script, `--${name} must be comma-separated positive widths up to ${maxWidth} like 256,128, got ${quote(raw ?? '')}`)
  }
  return ws
}

/** Outside text in a message: JSON-quoted (so escapes show) and cut to `max` characters. */
export const quote = (text: string, max = 80): string => {
  const q = JSON.stringify(text.length > max ? text.slice(0, max) : text)
  return text.length > max ? `${q.slice(0, -1)}…"` : q
}

/**
 * The skeleton: parse → validate → run → exit code. Bad input anywhere is one line and exit 2; an
 * unexpected error is one line and exit 1; output piped into `head` that closes early is exit 0.
 */
export const runMain = <O extends Options, C>(s: Script<O, C>): void => {
  // Output piped into `head` closes early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : undefined))
  const stop = (e: unknown): never => {
    if (e instanceof Failure) {
      process.stderr.write(`${e.line}\n`)
      process.exit(2)
    }
    process.stderr.write(`${oneLine(`${s.name}: unexpected error: ${e instanceof Error ? e.message : String(e)}`)}\n`)
    process.exit(1)
  }
  try {
    const config = s.validate(parseCli(s.name, s.summary, s.options))
    Promise.resolve()
      .then(() => s.run(config))
      .catch(stop)
  } catch (e) {
    stop(e)
  }
}
