/**
 * Run a script of scripts/ as a user would (through tsx, in a child process) and capture what it
 * printed and how it exited.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe } from 'vitest'

export interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

export const runScript = (script: string, args: ReadonlyArray<string>, env: Readonly<Record<string, string>> = {}): Run => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/**
 * One line on stderr, no stack trace, exit code 2: how every script reports bad input. A run that
 * fails while training may have printed progress before it (plain `epoch i/n  step …` lines, since
 * a spec's stderr is no terminal); those are not part of the report, and the failure is the last line.
 */
export const isCleanFailure = (r: Run): boolean => {
  const lines = r.stderr.trim().split('\n')
  const report = lines.filter((l) => !/^epoch \d+\/\d+  /.test(l))
  return r.status === 2 && report.length === 1 && report[0] === lines[lines.length - 1] && !/\n\s+at /.test(r.stderr)
}

/** The shared real data (../shared/data or $KANZEN_DATA_DIR): required in CI, skipped visibly elsewhere. */
export const sharedData = (): string | undefined => {
  const dir = process.env['KANZEN_DATA_DIR'] ?? resolve('..', 'shared', 'data')
  return existsSync(dir) ? dir : undefined
}

export const describeWithSharedData = (name: string, body: (dir: string) => void): void => {
  const dir = sharedData()
  if (dir === undefined && process.env['CI'] === 'true') {
    describe(name, () => {
      throw new Error(`the shared data folder is required in CI (set KANZEN_DATA_DIR or provide ../shared/data)`)
    })
    return
  }
  if (dir === undefined) console.warn(`skipping "${name}": no shared data folder (set KANZEN_DATA_DIR or provide ../shared/data)`)
  describe.skipIf(dir === undefined)(name, () => body(dir ?? ''))
}
