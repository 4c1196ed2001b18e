/**
 * Checkpoint files: the only place checkpoints touch the disk. Saving is atomic: the bytes go to
 * a temporary file beside the target, which is flushed to disk (fsync) and then renamed over the
 * target; the directory is flushed too, so the rename itself survives a power cut. A rename
 * within one directory replaces the old file in one step (POSIX rename(2)), so a crash at any
 * moment leaves either the old checkpoint or the new one, never half of one.
 *
 * Encoding and validation are pure and live in src/train/checkpoint/.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { Train } from '../../src/index.js'
import { readInputFile } from './data-files.js'

/** The file operations a save uses; a spec replaces `write` to fail or stall midway. */
export interface FileOps {
  readonly write: (fd: number, bytes: Uint8Array) => void
}

export const nodeFileOps: FileOps = {
  write: (fd, bytes) => {
    let done = 0
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done)
  }
}

// Written in 1 MiB pieces, so that a crash can really land between two of them.
const CHUNK = 1 << 20

/** Write `bytes` to `file` atomically (temporary file, fsync, rename, fsync of the directory). */
export const writeFileAtomic = (
  file: string,
  bytes: Uint8Array,
  ops: FileOps = nodeFileOps
): E.Either<string, void> => {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`)
  let fd: number | undefined
  try {
    fd = fs.openSync(temp, 'w')
    for (let at = 0; at < bytes.length; at += CHUNK)
      ops.write(fd, bytes.subarray(at, Math.min(bytes.length, at + CHUNK)))
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fd = undefined
    fs.renameSync(temp, file)
    syncDirectory(path.dirname(file))
    return E.right(undefined)
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd)
    fs.rmSync(temp, { force: true })
    return E.left(`could not save ${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** Write text or byte files into `folder`, each atomically; the first failure stops. */
export const writeFiles = (folder: string, files: ReadonlyArray<readonly [string, string | Uint8Array]>): E.Either<string, ReadonlyArray<string>> => {
  for (const [name, content] of files) {
    const r = writeFileAtomic(path.join(folder, name), typeof content === 'string' ? new TextEncoder().encode(content) : content)
    if (E.isLeft(r)) return r
  }
  return E.right(files.map(([name]) => name))
}

/** Save a training state as a safetensors checkpoint, atomically. */
export const saveCheckpointFile = <P, S, St>(
  file: string,
  network: string,
  state: Train.TrainState<P, S, St>,
  ops?: FileOps
): E.Either<string, void> => writeFileAtomic(file, Train.saveCheckpoint(network, state), ops)

/**
 * Save a training state atomically as a self-describing checkpoint (`Train.saveModel`: the
 * network's architecture is in the metadata, so `Train.loadModel` rebuilds it without a template).
 */
export const saveModelFile = <P, S, St>(
  file: string,
  net: Parameters<typeof Train.saveModel>[0],
  network: string,
  state: Train.TrainState<P, S, St>,
  ops?: FileOps
): E.Either<string, void> => writeFileAtomic(file, Train.saveModel(net, state, network), ops)

/** Load and validate a checkpoint against a template state of the expected network. */
export const loadCheckpointFile = <P, S, St>(
  file: string,
  network: string,
  template: Train.TrainState<P, S, St>
): E.Either<string, Train.TrainState<P, S, St>> => {
  const bytes = readInputFile(file)
  if (E.isLeft(bytes)) return bytes
  return E.mapLeft((err: Train.CheckpointError) => `${file}: ${err.message}`)(
    Train.loadCheckpoint(network, template)(bytes.right)
  )
}

// fsync on a directory makes a rename in it durable (Linux); some systems refuse it, which is harmless.
const syncDirectory = (dir: string): void => {
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // Not supported here: the rename is still atomic, only its durability is up to the system.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}
