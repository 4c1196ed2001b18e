/**
 * The MNIST downloader (scripts/lib/data-download.ts and scripts/download-mnist.ts) against a
 * small HTTP server on 127.0.0.1 started here: no network. The server serves fixture files
 * whose checksums are injected, a corrupted copy, a connection dropped mid-body, and a 404.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as _ from '../../scripts/lib/data-download.js'
import { repoRoot, sharedDataDir } from '../../scripts/lib/data-files.js'
import { gzip, tinyMnist } from '../fixtures/idx.js'

const { images, labels } = tinyMnist(4)
const files: Record<string, Uint8Array> = { 'images.gz': gzip(images), 'labels.gz': gzip(labels) }
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const downloads: ReadonlyArray<_.Download> = Object.entries(files).map(([name, b]) => ({ name, sha256: sha(b) }))
const realMnist = join(sharedDataDir(), 'mnist')

// /ok/NAME serves the file; /corrupt/NAME flips a byte; /drop/NAME announces the full length,
// sends half and destroys the socket; /real/NAME serves the shared MNIST files; others are 404.
const server = createServer((req, res) => {
  const [, mode, name] = (req.url ?? '').split('/')
  const real =
    mode === 'real' && name !== undefined && existsSync(join(realMnist, name))
      ? new Uint8Array(readFileSync(join(realMnist, name)))
      : undefined
  const body = real ?? (name === undefined ? undefined : files[name])
  if (body === undefined || !['ok', 'corrupt', 'drop', 'real'].includes(mode ?? '')) {
    res.writeHead(404).end('not found')
    return
  }
  res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' })
  if (mode === 'corrupt') res.end(Uint8Array.from(body, (b, i) => (i === body.length >> 1 ? b ^ 1 : b)))
  else if (mode === 'drop') res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy())
  else res.end(body)
})
let base = ''
let dir = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
  dir = mkdtempSync(join(tmpdir(), 'kanzen-download-'))
})

describe('data-download', () => {
  describe('downloadAll', () => {
    it('should download, verify and write every file, with progress up to the full size', async () => {
      const seen: Array<readonly [string, number, number | undefined]> = []
      const r = await _.downloadAll({
        baseUrl: `${base}/ok/`,
        dir,
        files: downloads,
        onProgress: (n, got, total) => seen.push([n, got, total])
      })
      expect(E.isRight(r) && r.right.map((f) => [f.name, f.skipped])).toEqual([
        ['images.gz', false],
        ['labels.gz', false]
      ])
      expect(readdirSync(dir).sort()).toEqual(['images.gz', 'labels.gz'])
      expect(new Uint8Array(readFileSync(join(dir, 'images.gz')))).toEqual(files['images.gz'])
      expect(seen.filter(([n]) => n === 'labels.gz').at(-1)).toEqual([
        'labels.gz',
        files['labels.gz']!.length,
        files['labels.gz']!.length
      ])
    })
    it('should skip files that are already present with the right checksum', async () => {
      await _.downloadAll({ baseUrl: `${base}/ok`, dir, files: downloads })
      const r = await _.downloadAll({ baseUrl: `${base}/drop`, dir, files: downloads })
      expect(E.isRight(r) && r.right.every((f) => f.skipped)).toBe(true)
    })
    it('should refuse a corrupted file by its checksum and write nothing', async () => {
      const r = await _.downloadAll({ baseUrl: `${base}/corrupt`, dir, files: downloads })
      expect(E.isLeft(r) && r.left).toMatch(
        /images\.gz: checksum mismatch: expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}; nothing written$/
      )
      expect(readdirSync(dir)).toEqual([])
    })
    it('should report a connection dropped mid-body and leave no partial file', async () => {
      const r = await _.downloadAll({ baseUrl: `${base}/drop`, dir, files: downloads })
      expect(E.isLeft(r) && r.left).toMatch(
        /drop\/images\.gz: connection (dropped|closed) after \d+ of \d+ bytes.*; nothing written$/
      )
      expect(readdirSync(dir)).toEqual([])
    })
    it('should report an HTTP error', async () => {
      const r = await _.downloadAll({ baseUrl: `${base}/ok`, dir, files: [{ name: 'missing.gz', sha256: '0' }] })
      expect(E.isLeft(r) && r.left).toBe(`${base}/ok/missing.gz: HTTP 404 Not Found; nothing written`)
      expect(readdirSync(dir)).toEqual([])
    })
  })

  describe('mnistDownloads', () => {
    it('should list the four canonical files with the published sha256 sums', () => {
      expect(_.mnistDownloads.map((f) => f.name)).toEqual([
        'train-images-idx3-ubyte.gz',
        'train-labels-idx1-ubyte.gz',
        't10k-images-idx3-ubyte.gz',
        't10k-labels-idx1-ubyte.gz'
      ])
      expect(_.mnistDownloads.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true)
    })
  })
})

describe('download-mnist (script)', () => {
  const run = (args: ReadonlyArray<string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/download-mnist.ts', ...args], {
      cwd: repoRoot
    }).then(
      (out) => ({ code: 0, stdout: out.stdout, stderr: out.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr })
    )
  it('should exit 2 with one line when --base-url is missing', async () => {
    const r = await run(['--dir', dir])
    expect([r.code, r.stderr]).toEqual([
      2,
      'download:mnist: missing --base-url URL (a folder serving the four MNIST .gz files)\n'
    ])
  })
  it('should exit 2 with one line and write nothing when the server has no such files', async () => {
    const r = await run(['--base-url', `${base}/ok`, '--dir', dir])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      `download:mnist: ${base}/ok/train-images-idx3-ubyte.gz: HTTP 404 Not Found; nothing written`
    )
    expect(readdirSync(dir)).toEqual([])
  })
  it.skipIf(!existsSync(realMnist))('should download and verify the real MNIST files from a local mirror', async () => {
    const r = await run(['--base-url', `${base}/real`, '--dir', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('train-images-idx3-ubyte.gz: 9912422 bytes, checksum ok')
    expect(r.stderr).toContain('100%')
    expect(readdirSync(dir).sort()).toEqual([
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz'
    ])
  })
})
