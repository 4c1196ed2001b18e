/**
 * `npm run titanic -- --data DIR`: Kaggle's Titanic, end to end.
 *
 *   train.csv, test.csv → typed rows (Data.decodeTitanicTrain/Test)
 *   → stratified 5-fold cross-validation: per fold, the feature pipeline is fitted on the training
 *     part only (no leakage), a small regularised MLP is trained (a fold of the pure step), and
 *     both it and the gender-only baseline are scored on the held-out part
 *   → the MLP trained on all 891 passengers → submission.csv in Kaggle's format, metrics.json.
 */
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { Data, Layer, Loss, Random, Tensor } from '../src/index.js'
import { fail, intOption, positiveOption, runMain, widthsOption } from './lib/cli.js'
import type { Values } from './lib/cli.js'
import { checkOutFolder, writeOutputSet } from './lib/output-set.js'
import { writeFiles } from './lib/checkpoint-file.js'
import { loadTitanic, sharedDataDir } from './lib/data-files.js'
import { threeKeys, trainSmallMlp } from './lib/small-mlp.js'
import type { SmallMlpSettings } from './lib/small-mlp.js'

const script = 'titanic'
const options = {
  data: { type: 'string', default: 'data/titanic', value: 'DIR', help: "folder with Kaggle's train.csv and test.csv" },
  out: { type: 'string', default: 'out/titanic', value: 'DIR', help: 'where to write submission.csv and metrics.json' },
  hidden: { type: 'string', default: '8', value: 'W1,…', help: 'hidden layer widths' },
  epochs: { type: 'string', default: '80', value: 'N', help: 'passes over the training part' },
  batch: { type: 'string', default: '32', value: 'N', help: 'mini-batch size' },
  lr: { type: 'string', default: '0.01', value: 'X', help: 'Adam learning rate' },
  l2: { type: 'string', default: '0.01', value: 'X', help: 'L2 weight decay λ (adds λ/2·‖θ‖² to the loss)' },
  folds: { type: 'string', default: '5', value: 'K', help: 'cross-validation folds' },
  seed: { type: 'string', default: '0', value: 'N', help: 'random seed (folds, initial weights, shuffling)' },
  limit: { type: 'string', value: 'N', help: 'use only the first N training passengers (smoke tests)' }
} as const

type Settings = SmallMlpSettings

const validate = (o: Values<typeof options>) => {
  const k = intOption(script, 'folds', o.folds, 2, 50)
  return {
    dir: o.data ?? 'data/titanic',
    out: checkOutFolder(script, o.out, ['submission.csv', 'metrics.json']),
    settings: {
      hidden: widthsOption(script, 'hidden', o.hidden),
      epochs: intOption(script, 'epochs', o.epochs, 1, 100000),
      batch: intOption(script, 'batch', o.batch, 1),
      lr: positiveOption(script, 'lr', o.lr),
      l2: o.l2 === '0' ? 0 : positiveOption(script, 'l2', o.l2)
    } satisfies Settings,
    k,
    seed: intOption(script, 'seed', o.seed, 0),
    limit: o.limit === undefined ? undefined : intOption(script, 'limit', o.limit, 2 * k)
  }
}

const run = async ({ dir, out, settings, k, seed, limit }: ReturnType<typeof validate>): Promise<void> => {

  // 1. Rows, decoded and checked (every bad cell reported with file, line and column).
  const loaded = loadTitanic(dir)
  if (E.isLeft(loaded)) return fail(script, `${loaded.left}${dir === options.data.default ? ` (download train.csv and test.csv from Kaggle into ${dir}, or pass --data DIR; here: --data ${join(sharedDataDir(), 'titanic')})` : ''}`)
  const train = limit === undefined ? loaded.right.train : loaded.right.train.slice(0, limit)
  const { test } = loaded.right
  const labels = Int32Array.from(train, (r) => r.Survived)
  console.log(`data: ${train.length} training passengers (${labels.reduce((a, b) => a + b, 0)} survived), ${test.length} test passengers`)

  // 2. Stratified k-fold cross-validation of the network and of the gender-only baseline.
  const [kFolds, kModel] = Random.split(Random.key(seed))
  const folds = Data.kFolds(kFolds, train.length, k, labels)
  const results = folds.map((fold, i) => {
    const trainRows = Array.from(fold.train, (j) => train[j]!)
    const testRows = Array.from(fold.test, (j) => train[j]!)
    const predict = fitPredict(trainRows, settings, Random.foldIn(kModel, i))
    const accuracy = score(predict(testRows), testRows)
    const baseline = score(testRows.map(genderRule), testRows)
    console.log(`fold ${i + 1}/${k}: network ${accuracy.toFixed(4)}, gender baseline ${baseline.toFixed(4)} (${testRows.length} passengers)`)
    return { accuracy, baseline }
  })
  const acc = results.map((r) => r.accuracy)
  const base = results.map((r) => r.baseline)
  const cv = { cvAccuracyMean: mean(acc), cvAccuracyStd: std(acc), baselineCvAccuracy: mean(base) }
  const beatsBaseline = results.every((r) => r.accuracy > r.baseline)
  console.log(`cross-validated accuracy ${cv.cvAccuracyMean.toFixed(4)} ± ${cv.cvAccuracyStd.toFixed(4)}; gender baseline ${cv.baselineCvAccuracy.toFixed(4)}; above the baseline on every fold: ${beatsBaseline ? 'yes' : 'no'}`)

  // 3. The network trained on every training passenger, predicting the test passengers.
  const predict = fitPredict(train, settings, Random.foldIn(kModel, k))
  const submission = Data.titanicSubmission(test, predict(test))
  if (E.isLeft(submission)) return fail(script, Data.summariseDataErrors(submission.left))
  const metrics = { ...cv, foldAccuracy: acc, foldBaseline: base, beatsBaselineOnEveryFold: beatsBaseline, folds: k, seed, ...settings, trainRows: train.length }
  const written = writeOutputSet(out, (folder) =>
    writeFiles(folder, [['submission.csv', submission.right], ['metrics.json', JSON.stringify(metrics, null, 2) + '\n']])
  )
  if (E.isLeft(written)) return fail(script, written.left)
  console.log(`wrote submission.csv (${test.length} rows) and metrics.json in ${out}`)
}

/** Fit the feature pipeline and the network on `rows`; return a predictor for other rows. */
const fitPredict = (rows: ReadonlyArray<Data.LabelledPassenger>, s: Settings, key: Random.Key) => {
  const pipeline = Data.fitTitanicFeatures(rows)
  const x = Data.titanicFeatures(pipeline, rows)
  // Two logits (died, survived) with softmax cross-entropy against one-hot rows.
  const y = Tensor.generate([rows.length, 2] as [number, 2], (i) => (rows[i >> 1]!.Survived === (i & 1) ? 1 : 0))
  const { net, params } = trainSmallMlp(script, x, y, 2, Loss.softmaxCrossEntropy, s, threeKeys(key))
  return (others: ReadonlyArray<Data.Passenger>): ReadonlyArray<0 | 1> => {
    const [logits] = net.forward(params, Data.titanicFeatures(pipeline, others), Layer.evalCtx)
    return Array.from(Tensor.argmax(logits), (c) => (c === 1 ? 1 : 0))
  }
}

const genderRule = (p: Data.Passenger): 0 | 1 => (p.Sex === 'female' ? 1 : 0)
const score = (predicted: ReadonlyArray<number>, rows: ReadonlyArray<Data.LabelledPassenger>): number =>
  predicted.filter((p, i) => p === rows[i]!.Survived).length / rows.length
const mean = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0) / xs.length
const std = (xs: ReadonlyArray<number>): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)))

runMain({ name: script, summary: "Cross-validate a small MLP on Kaggle's Titanic and write a submission.", options, validate, run })
