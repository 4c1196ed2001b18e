import { describe, expect, it } from 'vitest'
import * as _ from '../../../scripts/lib/progress.js'

const tick = { epoch: 2, epochs: 4, step: 50, steps: 100, loss: 0.123456, samples: 15_000 }

describe('progress', () => {
  describe('formatDuration', () => {
    it('should write m:ss or h:mm:ss, and --:-- when unknown', () => {
      expect([5, 65, 3599.6, 3723, Number.NaN, -1].map(_.formatDuration)).toEqual([
        '0:05',
        '1:05',
        '1:00:00',
        '1:02:03',
        '--:--',
        '--:--'
      ])
    })
  })
  describe('formatLoss', () => {
    it('should keep four significant digits', () => {
      expect([0.123456, 2.5, 1234.56, Number.NaN, -Infinity].map(_.formatLoss)).toEqual([
        '0.1235',
        '2.500',
        '1235',
        'NaN',
        '-Infinity'
      ])
    })
  })
  describe('formatTick', () => {
    it('should show epoch, step, loss, samples/s and ETA', () => {
      // 150 of 400 steps in 30 s: 5 steps/s, 250 steps left → 50 s; 15,000 samples / 30 s = 500/s.
      expect(_.formatTick(tick, 30)).toBe('epoch 2/4  step  50/100  loss 0.1235  500 samples/s  ETA 0:50')
      expect(_.formatTick({ ...tick, epoch: 1, step: 0, samples: 0 }, 0)).toBe(
        'epoch 1/4  step   0/100  loss 0.1235  – samples/s  ETA --:--'
      )
    })
  })
  describe('formatEpoch', () => {
    it('should list the metrics and the time', () => {
      expect(
        _.formatEpoch({ epoch: 3, epochs: 10, metrics: { trainLoss: 0.25, validAccuracy: 0.97126 }, seconds: 8.04 })
      ).toBe('epoch 3/10  trainLoss 0.2500  validAccuracy 0.9713  (8.0 s)')
    })
  })
  describe('progress', () => {
    const run = (isTTY: boolean) => {
      const written: Array<string> = []
      let t = 0
      const p = _.progress({ isTTY, write: (s) => written.push(s) }, () => t, 0.1)
      t = 1
      p.tick(tick)
      t = 1.05
      p.tick(tick)
      t = 2
      p.tick({ ...tick, step: 100 })
      p.epoch({ epoch: 2, epochs: 4, metrics: { trainLoss: 0.5 }, seconds: 2 })
      return written
    }
    // At t = 1 s, 150 of 400 steps: ETA 250/150 s ≈ 0:02; the tick at 1.05 s is skipped; at 2 s, 200 of 400: ETA 0:02.
    it('should redraw one line in place on a terminal, throttled', () => {
      expect(run(true)).toEqual([
        '\repoch 2/4  step  50/100  loss 0.1235  15,000 samples/s  ETA 0:02\x1b[K',
        '\repoch 2/4  step 100/100  loss 0.1235  7,500 samples/s  ETA 0:02\x1b[K',
        '\r\x1b[Kepoch 2/4  trainLoss 0.5000  (2.0 s)\n'
      ])
    })
    it('should print plain lines elsewhere: at every tenth of an epoch, and the epoch line', () => {
      expect(run(false)).toEqual([
        'epoch 2/4  step  50/100  loss 0.1235  15,000 samples/s  ETA 0:02\n',
        'epoch 2/4  trainLoss 0.5000  (2.0 s)\n'
      ])
      // 100 steps of one epoch, one per 0.1 s: a line at steps 10, 20, …, 90, none at 100 (the epoch line says it).
      const written: Array<string> = []
      let t = 0
      const p = _.progress({ isTTY: false, write: (s) => written.push(s) }, () => t)
      for (let step = 1; step <= 100; step++) {
        t = step / 10
        p.tick({ epoch: 1, epochs: 1, step, steps: 100, loss: 1, samples: step * 10 })
      }
      expect(written.map((l) => l.match(/step +(\d+)\//)?.[1])).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90'])
      expect(written.every((l) => /loss 1\.000  100 samples\/s  ETA \d+:\d\d\n$/.test(l))).toBe(true)
    })
    it('should print a plain line every 5 s when a tenth of an epoch takes longer', () => {
      const written: Array<string> = []
      let t = 0
      const p = _.progress({ isTTY: false, write: (s) => written.push(s) }, () => t)
      // 1,000 steps, 0.5 s each: a tenth (100 steps) takes 50 s, so the 5-s rule prints every 10 steps.
      for (let step = 1; step <= 40; step++) {
        t = step / 2
        p.tick({ epoch: 1, epochs: 1, step, steps: 1000, loss: 1, samples: step })
      }
      expect(written.map((l) => l.match(/step +(\d+)\//)?.[1])).toEqual(['10', '20', '30', '40'])
    })
  })
})
