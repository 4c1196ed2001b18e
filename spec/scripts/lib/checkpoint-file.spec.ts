import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Random, Tensor } from '../../../src/index.js'
import * as _ from '../../../scripts/lib/checkpoint-file.js'

let dir = ''
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kanzen-ckpt-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const small = { params: { w: Tensor.tensor([1, 2, 3]) }, opt: {}, key: Random.key(1), step: 5, loss: 0.5 }
const big = { params: { w: Tensor.fill([1024, 1024], 2) }, opt: {}, key: Random.key(9), step: 99, loss: 0.25 }

describe('checkpoint-file', () => {
  describe('saveCheckpointFile', () => {
    it('should save and load a checkpoint', () => {
      const file = path.join(dir, 'model.safetensors')
      expect(_.saveCheckpointFile(file, 'tiny', small)).toEqual(E.right(undefined))
      expect(_.loadCheckpointFile(file, 'tiny', small)).toEqual(E.right(small))
      expect(fs.readdirSync(dir)).toEqual(['model.safetensors'])
    })
    it('should leave the old checkpoint intact when a write fails midway', () => {
      const file = path.join(dir, 'model.safetensors')
      expect(E.isRight(_.saveCheckpointFile(file, 'tiny', small))).toBe(true)
      let pieces = 0
      const failing: _.FileOps = {
        write: (fd, bytes) => {
          if (++pieces === 2) throw new Error('ENOSPC: no space left on device')
          _.nodeFileOps.write(fd, bytes)
        }
      }
      const r = _.saveCheckpointFile(
        file,
        'tiny',
        { ...big, params: { w: Tensor.fill([3], 2) }, opt: { pad: Tensor.zeros([1024, 1024]) } },
        failing
      )
      expect(r).toEqual(E.left(`could not save ${file}: ENOSPC: no space left on device`))
      expect(pieces).toBe(2)
      expect(_.loadCheckpointFile(file, 'tiny', small)).toEqual(E.right(small))
      expect(fs.readdirSync(dir)).toEqual(['model.safetensors'])
    })
    it('should leave the old checkpoint intact when the process is killed during a save', async () => {
      const file = path.join(dir, 'model.safetensors')
      expect(E.isRight(_.saveCheckpointFile(file, 'tiny', small))).toBe(true)
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join('spec', 'scripts', 'lib', 'fixtures', 'slow-save.ts'), file],
        { stdio: ['ignore', 'pipe', 'inherit'] }
      )
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => (String(d).includes('writing') ? resolve() : undefined))
        child.on('exit', (code) => reject(new Error(`child exited (${code}) before writing`)))
      })
      // Half-way through: the temporary file holds the first piece of the new checkpoint.
      const temp = fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))
      expect(temp).toHaveLength(1)
      expect(fs.statSync(path.join(dir, temp[0]!)).size).toBe(1 << 20)
      child.kill('SIGKILL')
      await new Promise((resolve) => child.on('exit', resolve))
      expect(_.loadCheckpointFile(file, 'tiny', small)).toEqual(E.right(small))
      expect(E.isLeft(_.loadCheckpointFile(file, 'big', big))).toBe(true)
    })
  })
  describe('loadCheckpointFile', () => {
    it('should report a missing file and a damaged one with the file name', () => {
      const file = path.join(dir, 'none.safetensors')
      expect(_.loadCheckpointFile(file, 'tiny', small)).toEqual(
        E.left(`${file}: cannot read (ENOENT: no such file or directory, open '${file}')`)
      )
      fs.writeFileSync(file, new Uint8Array(4))
      expect(_.loadCheckpointFile(file, 'tiny', small)).toEqual(
        E.left(`${file}: truncated: expected at least 8 bytes for the header length, found 4`)
      )
    })
  })
})
