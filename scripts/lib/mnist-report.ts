/**
 * What `npm run mnist` writes besides the checkpoint: metrics.json, and pictures a person would
 * rather look at than read — learning curves, the confusion matrix, and misclassified digits.
 * Every file is written atomically, so a failed run never leaves a half-written one behind.
 */
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { Data, Train } from '../../src/index.js'
import { writeFileAtomic } from './checkpoint-file.js'
import { heatmap, imageGrid, lineChart } from './plot/svg.js'

export interface MnistMetrics {
  readonly testAccuracy: number
  readonly history: Train.History
  readonly confusion: ReadonlyArray<ReadonlyArray<number>>
  readonly [more: string]: unknown
}

/** Write the report files; `Right` lists their names. */
export const writeMnistReport = (
  out: string,
  metrics: MnistMetrics,
  test: Data.Mnist,
  predicted: ArrayLike<number>
): E.Either<string, ReadonlyArray<string>> => {
  const h = metrics.history
  const point = (key: string) => h.map((r) => [r.epoch, Number(r.metrics[key])] as const)
  const wrong = Array.from({ length: test.count }, (_, i) => i).filter((i) => predicted[i] !== test.labels[i]).slice(0, 48)
  const files: ReadonlyArray<readonly [string, string]> = [
    ['metrics.json', JSON.stringify(metrics, null, 2) + '\n'],
    ['loss.svg', lineChart('Loss per epoch', 'epoch', 'cross-entropy', [{ name: 'train', points: point('trainLoss') }, { name: 'test', points: point('testLoss') }])],
    ['accuracy.svg', lineChart('Test accuracy per epoch', 'epoch', 'accuracy', [{ name: 'test', points: point('testAccuracy') }])],
    ['confusion.svg', heatmap('Confusion matrix (10,000 test images)', 'true digit', 'predicted digit', metrics.confusion)],
    [
      'misclassified.svg',
      imageGrid(
        `Misclassified test digits (${wrong.length} shown)`,
        wrong.map((i) => ({ pixels: test.images.data.slice(i * 784, (i + 1) * 784), caption: `#${i}: ${test.labels[i]} → ${predicted[i]}` })),
        28,
        28
      )
    ]
  ]
  for (const [name, text] of files) {
    const r = writeFileAtomic(join(out, name), new TextEncoder().encode(text))
    if (E.isLeft(r)) return r
  }
  return E.right(files.map(([name]) => name))
}
