/**
 * Download files, verify each against its published checksum, and write it atomically: the
 * bytes go to a temporary file in the target folder, which is renamed to its final name only
 * after the whole body arrived and its sha256 matched. On any failure (HTTP error, dropped
 * connection, checksum mismatch) the temporary file is removed, so no partial file is left.
 * A file already present with the right checksum is not downloaded again.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'

/** A file to fetch: its name (relative to the base URL and to the target folder) and sha256. */
export interface Download {
  readonly name: string
  readonly sha256: string
}

/** The four MNIST files and the sha256 sums of the original distribution (shared/data/README.md). */
export const mnistDownloads: ReadonlyArray<Download> = [
  { name: 'train-images-idx3-ubyte.gz', sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609' },
  { name: 'train-labels-idx1-ubyte.gz', sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c' },
  { name: 't10k-images-idx3-ubyte.gz', sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6' },
  { name: 't10k-labels-idx1-ubyte.gz', sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6' }
]

/** The same files' published md5 sums, for reference. */
export const mnistMd5: Readonly<Record<string, string>> = {
  'train-images-idx3-ubyte.gz': 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
  'train-labels-idx1-ubyte.gz': 'd53e105ee54ea40749a09fcbcd1e9432',
  't10k-images-idx3-ubyte.gz': '9fb629c4189551a2d022fa330f9573f3',
  't10k-labels-idx1-ubyte.gz': 'ec29112dd5afa0611ce80d1b7f02629c'
}

/** Progress of one file: bytes received so far and the announced total, if any. */
export type Progress = (name: string, received: number, total: number | undefined) => void

/** What happened to one file. */
export interface Fetched {
  readonly name: string
  readonly bytes: number
  readonly skipped: boolean
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const message = (e: unknown): string => {
  const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : ''
  return e instanceof Error ? e.message + cause : String(e)
}

/** Fetch one file to dir/name, verified and atomic. */
export const downloadOne = async (
  baseUrl: string,
  dir: string,
  file: Download,
  onProgress: Progress = () => {}
): Promise<E.Either<string, Fetched>> => {
  const dest = join(dir, file.name)
  if (existsSync(dest) && sha256(readFileSync(dest)) === file.sha256)
    return E.right({ name: file.name, bytes: 0, skipped: true })
  const url = `${baseUrl.replace(/\/+$/, '')}/${file.name}`
  const temp = join(dir, `.${file.name}.${randomBytes(6).toString('hex')}.part`)
  await mkdir(dir, { recursive: true })
  const handle = await open(temp, 'wx')
  try {
    const response = await fetch(url)
    if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status} ${response.statusText}`)
    const total = Number(response.headers.get('content-length') ?? Number.NaN)
    const hash = createHash('sha256')
    let received = 0
    const of = Number.isFinite(total) ? ` of ${total}` : ''
    try {
      for await (const chunk of response.body) {
        hash.update(chunk)
        await handle.write(chunk)
        received += chunk.length
        onProgress(file.name, received, Number.isFinite(total) ? total : undefined)
      }
    } catch (e) {
      throw new Error(`connection dropped after ${received}${of} bytes (${message(e)})`)
    }
    if (Number.isFinite(total) && received !== total)
      throw new Error(`connection closed after ${received} of ${total} bytes`)
    const digest = hash.digest('hex')
    if (digest !== file.sha256) throw new Error(`checksum mismatch: expected sha256 ${file.sha256}, got ${digest}`)
    await handle.sync()
    await handle.close()
    await rename(temp, dest)
    return E.right({ name: file.name, bytes: received, skipped: false })
  } catch (e) {
    await handle.close().catch(() => undefined)
    await rm(temp, { force: true })
    return E.left(`${url}: ${message(e)}; nothing written`)
  }
}

/** Fetch every file in turn; stop at the first failure (files finished before it stay, verified). */
export const downloadAll = async (options: {
  readonly baseUrl: string
  readonly dir: string
  readonly files?: ReadonlyArray<Download>
  readonly onProgress?: Progress
}): Promise<E.Either<string, ReadonlyArray<Fetched>>> => {
  const done: Array<Fetched> = []
  for (const file of options.files ?? mnistDownloads) {
    const result = await downloadOne(options.baseUrl, options.dir, file, options.onProgress)
    if (E.isLeft(result)) return result
    done.push(result.right)
  }
  return E.right(done)
}
