import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { numpyRow, renderEpochs, startNumpy } from '../../../scripts/bench/epoch.js'
import type { EpochRow } from '../../../scripts/bench/epoch.js'
import { mlps } from '../../../scripts/bench/mlp.js'

// numpy is the bench's optional baseline, not a dependency: without it these specs say so and skip.
const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' })
const hasNumpy = numpy.error === undefined && numpy.status === 0
if (!hasNumpy) process.stderr.write(`numpy server specs skipped: python3 with numpy not found (${numpy.error?.message ?? numpy.stderr.trim().split('\n').pop()})\n`)

// A small network on the synthetic data (no MNIST in this folder): an epoch of 60 batches.
const small = { ...mlps[0]!, name: '784-10', batch: 1000 }
const noData = '/nonexistent-kanzen-spec-data'

const row = (engine: string, wallS: ReadonlyArray<number>, baseline?: ReadonlyArray<number>): EpochRow => ({
  engine,
  batches: 600,
  wallS,
  cpuS: wallS,
  ...(baseline === undefined ? {} : { baseline: { wallS: baseline, cpuS: baseline } }),
  note: ''
})

const ratios = (text: string, engine: string): ReadonlyArray<string> => {
  const line = text.split('\n').find((l) => l.trimStart().startsWith(engine)) ?? ''
  return line.match(/\d+\.\d+×/g) ?? []
}

describe('the epoch bench’s numpy baseline', () => {
  it.skipIf(!hasNumpy)('should time one epoch per request, alternated with the caller, until closed', async () => {
    const server = await startNumpy(small, noData)
    if (typeof server === 'string') throw new Error(server)
    try {
      const a = await server.epoch()
      const b = await server.epoch()
      for (const e of [a, b]) {
        expect(e.wall).toBeGreaterThan(0)
        expect(e.cpu).toBeGreaterThan(0)
      }
      const r = numpyRow(small, [a, b])
      expect(r.wallS).toEqual([a.wall, b.wall])
      expect(r.batches).toBe(60)
    } finally {
      server.close()
    }
  }, 60_000)

  it.skipIf(!hasNumpy)('should say why numpy was skipped when its script fails before it is ready', async () => {
    const server = await startNumpy({ ...small, name: '784-x-10' }, noData)
    expect(server).toEqual(expect.stringMatching(/^numpy skipped: ValueError/))
  }, 60_000)

  it('should give each row the median of its rounds’ ratios to numpy where numpy ran alternated with it', () => {
    // Round by round the host slows down; kanzen is 0.9× numpy in every round. The ratio of the
    // medians would say 1.2×; the paired ratio says what each round measured.
    const numpyWall = [1, 1, 1, 2, 2]
    const paired = row('kanzen paired', [0.9, 0.9, 0.9, 1.8, 1.8], [1, 1, 1, 2, 2])
    const unpaired = row('kanzen unpaired', [1.2, 1.2, 1.2, 1.2, 1.2])
    const text = renderEpochs([row('numpy + OpenBLAS', numpyWall), paired, unpaired])
    expect(ratios(text, 'numpy')).toEqual(['1.00×', '1.00×'])
    expect(ratios(text, 'kanzen paired')).toEqual(['0.90×', '0.90×'])
    expect(ratios(text, 'kanzen unpaired')).toEqual(['1.20×', '1.20×'])
  })
})
