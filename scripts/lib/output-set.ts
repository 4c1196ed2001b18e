/**
 * A run's outputs land as a set: whole, or not at all.
 *
 *   checkOutFolder   before any training: `--out` must name a folder this run may replace — not an
 *                    empty string, not a file, writable, and either absent, empty, or holding only a
 *                    previous run's outputs. Leftovers of killed runs are tidied here.
 *   writeOutputSet   the files are written into a fresh sibling folder `.NAME.staging-PID`, flushed,
 *                    and then put in place: the old set is renamed aside (`.NAME.previous-PID`), the
 *                    new folder renamed to NAME, the old one removed. Each rename is one step
 *                    (POSIX rename(2)); a kill between the two leaves NAME absent and the old set
 *                    aside, which the next `checkOutFolder` puts back. So a reader of NAME finds the
 *                    old set or the new set, never a mixture.
 *
 * A previous run's folder holds only files of a set: those its marker file `.kanzen-outputs` lists
 * (written with the set), or those the script writes (folders written before the marker existed).
 * Anything else in it — a user's own file — makes `checkOutFolder` refuse the folder rather than
 * replace it.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { Failure, fail, quote } from './cli.js'

/** The marker file that says "this folder is a run's output set". */
export const markerFile = '.kanzen-outputs'

const staging = /^\.(.+)\.staging-(\d+)$/
const previous = /^\.(.+)\.previous-(\d+)$/
const tempFile = /^\..+\.tmp-(\d+)$/

// A process id that is not running any more (ESRCH); our own and unknown ones count as alive.
const dead = (pid: number): boolean => {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

// Writable in fact, not only by permission bits (root ignores them; a read-only mount does not):
// a probe folder is made and removed.
const writable = (dir: string): boolean => {
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(dir, '.kanzen-probe-')))
    return true
  } catch {
    return false
  }
}

/** Remove what killed runs left beside `out` and inside it; put back an old set a kill left aside. */
export const tidyLeftovers = (out: string): void => {
  const parent = path.dirname(out)
  const base = path.basename(out)
  if (!fs.existsSync(parent)) return
  for (const entry of fs.readdirSync(parent)) {
    const s = staging.exec(entry)
    if (s !== null && s[1] === base && dead(Number(s[2]))) fs.rmSync(path.join(parent, entry), { recursive: true, force: true })
    const p = previous.exec(entry)
    if (p !== null && p[1] === base && dead(Number(p[2]))) {
      if (fs.existsSync(out)) fs.rmSync(path.join(parent, entry), { recursive: true, force: true })
      else fs.renameSync(path.join(parent, entry), out)
    }
  }
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) {
    for (const entry of fs.readdirSync(out)) {
      const t = tempFile.exec(entry)
      if (t !== null && dead(Number(t[1]))) fs.rmSync(path.join(out, entry), { force: true })
    }
  }
}

/**
 * `--out`, checked before any work: the absolute folder, or a `fail` (exit 2) saying why not.
 * `known` lists the files the script writes (to recognise its older output folders).
 */
export const checkOutFolder = (script: string, raw: string | undefined, known: ReadonlyArray<string>): string => {
  if (raw === undefined || raw.trim() === '') return fail(script, '--out must name a folder, got an empty string')
  const out = path.resolve(raw)
  const parent = path.dirname(out)
  if (out === parent) return fail(script, `--out ${quote(raw)} is the root folder; name a folder for this run's outputs`)
  const up = nearestExisting(parent)
  if (!fs.statSync(up).isDirectory()) return fail(script, `--out ${quote(raw)}: ${quote(up)} is a file, not a folder`)
  if (!writable(up)) return fail(script, `--out ${quote(raw)}: cannot create files in ${quote(up)}`)
  if (fs.existsSync(parent)) tidyLeftovers(out)
  if (!fs.existsSync(out)) return out
  const stat = fs.lstatSync(out)
  if (!stat.isDirectory()) return fail(script, `--out ${quote(raw)} is ${stat.isFile() ? 'a file' : 'not a folder'}; name a folder`)
  if (!writable(out)) return fail(script, `--out ${quote(raw)}: cannot create files in it`)
  const listed = new Set([markerFile, ...known, ...markedFiles(out)])
  const others = fs.readdirSync(out).filter((f) => !listed.has(f) || !fs.lstatSync(path.join(out, f)).isFile())
  if (others.length > 0) {
    return fail(
      script,
      `--out ${quote(raw)} holds files this run did not write (${others.slice(0, 3).map((f) => quote(f, 40)).join(', ')}${others.length > 3 ? ` … and ${others.length - 3} more` : ''}); it would replace the whole folder, so choose a new or empty one`
    )
  }
  return out
}

// The files the marker of a previous set lists (none if there is no readable marker).
const markedFiles = (out: string): ReadonlyArray<string> => {
  try {
    const m: unknown = JSON.parse(fs.readFileSync(path.join(out, markerFile), 'utf8'))
    const files = typeof m === 'object' && m !== null && 'files' in m ? m.files : undefined
    return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string') : []
  } catch {
    return []
  }
}

const nearestExisting = (dir: string): string => {
  let d = dir
  while (!fs.existsSync(d)) d = path.dirname(d)
  return d
}

const syncDirectory = (dir: string): void => {
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // Not supported here: the renames stay atomic, only their durability is up to the system.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/**
 * Write a run's outputs as one set: `fill` writes the files into the staging folder it is given;
 * on `Right` the folder replaces `out` (see the module comment), on `Left` or a throw it is
 * removed and `out` is left as it was.
 */
export const writeOutputSet = <A>(out: string, fill: (dir: string) => E.Either<string, A>): E.Either<string, A> => {
  const parent = path.dirname(out)
  const base = path.basename(out)
  const stage = path.join(parent, `.${base}.staging-${process.pid}`)
  const aside = path.join(parent, `.${base}.previous-${process.pid}`)
  let placed = false
  try {
    fs.mkdirSync(parent, { recursive: true })
    fs.rmSync(stage, { recursive: true, force: true })
    fs.mkdirSync(stage)
    const filled = fill(stage)
    if (E.isLeft(filled)) return filled
    fs.writeFileSync(path.join(stage, markerFile), `${JSON.stringify({ files: fs.readdirSync(stage).sort() })}\n`)
    syncDirectory(stage)
    const hadOld = fs.existsSync(out)
    if (hadOld) fs.renameSync(out, aside)
    fs.renameSync(stage, out)
    placed = true
    syncDirectory(parent)
    if (hadOld) fs.rmSync(aside, { recursive: true, force: true })
    return filled
  } catch (e) {
    if (e instanceof Failure) throw e
    return E.left(`could not write the outputs in ${out}: ${e instanceof Error ? e.message : String(e)}`)
  } finally {
    if (!placed) {
      fs.rmSync(stage, { recursive: true, force: true })
      if (fs.existsSync(aside) && !fs.existsSync(out)) fs.renameSync(aside, out)
    }
  }
}
