/**
 * Command-line plumbing shared by the experiment scripts: option parsing with `--help`, and the
 * rule for bad input — one clear line on stderr and exit code 2, never a stack trace.
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

/** Stop: one line on stderr, exit code 2. */
export const fail = (script: string, message: string): never => {
  process.stderr.write(`${script}: ${message}\n`)
  process.exit(2)
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

/** Parse argv against the options; an unknown option or a missing value is a `fail`. */
export const parseCli = <O extends Options>(script: string, summary: string, options: O, argv = process.argv.slice(2)): Values<O> => {
  const config = Object.fromEntries([
    ...Object.entries(options).map(([name, o]) => [name, o.type === 'boolean' ? { type: 'boolean' as const } : { type: 'string' as const, ...(o.default !== undefined ? { default: o.default } : {}) }]),
    ['help', { type: 'boolean' as const }]
  ])
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ args: argv, options: config, allowPositionals: false, strict: true }).values as Record<string, string | boolean | undefined>
  } catch (e) {
    return fail(script, `${(e as Error).message.split('\n')[0]} (see --help)`)
  }
  if (values['help'] === true) {
    process.stdout.write(usage(script, summary, options) + '\n')
    process.exit(0)
  }
  return Object.fromEntries(Object.keys(options).map((k) => [k, options[k]!.type === 'boolean' ? values[k] === true : values[k]])) as Values<O>
}

/** A whole number within [min, max], or a `fail` naming the option. */
export const intOption = (script: string, name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number => {
  const n = Number(raw)
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    return fail(script, `--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, got ${JSON.stringify(raw ?? '')}`)
  }
  return n
}

/** A positive finite number, or a `fail` naming the option. */
export const positiveOption = (script: string, name: string, raw: string | undefined): number => {
  const x = Number(raw)
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(x) || x <= 0) return fail(script, `--${name} must be a positive number, got ${JSON.stringify(raw ?? '')}`)
  return x
}

/** One of a fixed set of words, or a `fail` listing them. */
export const choiceOption = <C extends string>(script: string, name: string, raw: string | undefined, choices: ReadonlyArray<C>): C =>
  choices.includes(raw as C) ? (raw as C) : fail(script, `--${name} must be one of ${choices.join('|')}, got ${JSON.stringify(raw ?? '')}`)

/** A comma-separated list of positive whole numbers, e.g. `--hidden 256,128`. */
export const widthsOption = (script: string, name: string, raw: string | undefined): ReadonlyArray<number> => {
  const parts = (raw ?? '').split(',').map((s) => s.trim())
  const ws = parts.map(Number)
  if (raw === undefined || parts.some((p) => p === '') || ws.some((w) => !Number.isInteger(w) || w < 1 || w > 100000)) {
    return fail(script, `--${name} must be comma-separated positive widths like 256,128, got ${JSON.stringify(raw ?? '')}`)
  }
  return ws
}

/** Run a script's main; an unexpected error is reported in one line (exit 1) instead of a stack trace. */
export const runMain = (script: string, main: () => Promise<void>): void => {
  // Output piped into `head` closes early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? process.exit(0) : undefined))
  main().catch((e: unknown) => {
    process.stderr.write(`${script}: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  })
}
