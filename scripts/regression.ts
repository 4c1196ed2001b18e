/**
 * `npm run regression`: predict a car's fuel consumption (miles per gallon) from its
 * engine, weight, age and origin — the Auto MPG data — with a small MLP, against an ordinary
 * least-squares line fitted on the same seeded split.
 *
 *   cars.json → typed records (Data.decodeCars; incomplete rows dropped and counted)
 *   → seeded 80/20 split → standardise with training statistics only
 *   → MLP trained by a fold of the pure step (MSE, Adam, L2 weight decay)   |  least squares
 *   → RMSE and MAE on the test split, in MPG → metrics.json and a scatter plot.
 *
 * `--data FILE --target COLUMN --features A,B,…` runs the same pipeline on your own CSV or JSON records.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Data, Layer, Loss, Random, Tensor } from '../src/index.js'
import { fail, intOption, positiveOption, runMain, widthsOption } from './lib/cli.js'
import type { Values } from './lib/cli.js'
import { checkOutFolder, writeOutputSet } from './lib/output-set.js'
import { writeFiles } from './lib/checkpoint-file.js'
import { loadCars, loadTable } from './lib/data-files.js'
import { fitLeastSquares, predictLinear } from './lib/least-squares.js'
import { scatterPlot } from './lib/plot/svg.js'
import { trainSmallMlp } from './lib/small-mlp.js'

const script = 'regression'
const options = {
  data: { type: 'string', value: 'FILE', help: 'cars.json-style records, or your own CSV/JSON with --target and --features (default: vega-datasets cars.json)' },
  target: { type: 'string', value: 'COLUMN', help: 'with --data: the column to predict' },
  features: { type: 'string', value: 'A,B,…', help: 'with --data: the input columns' },
  out: { type: 'string', default: 'out/regression', value: 'DIR', help: 'where to write metrics.json and the scatter plot' },
  hidden: { type: 'string', default: '16', value: 'W1,…', help: 'hidden layer widths' },
  epochs: { type: 'string', default: '300', value: 'N', help: 'passes over the training split' },
  batch: { type: 'string', default: '32', value: 'N', help: 'mini-batch size' },
  lr: { type: 'string', default: '0.003', value: 'X', help: 'Adam learning rate' },
  l2: { type: 'string', default: '0.01', value: 'X', help: 'L2 weight decay λ (adds λ/2·‖θ‖² to the loss)' },
  seed: { type: 'string', default: '0', value: 'N', help: 'random seed (split, initial weights, shuffling)' },
  test: { type: 'string', default: '0.2', value: 'X', help: 'fraction of rows held out for testing' }
} as const

const validate = (o: Values<typeof options>) => {
  const testFraction = positiveOption(script, 'test', o.test)
  if (testFraction >= 1) return fail(script, `--test must be a fraction below 1, got ${testFraction}`)
  return {
    hidden: widthsOption(script, 'hidden', o.hidden),
    epochs: intOption(script, 'epochs', o.epochs, 1, 100000),
    batch: intOption(script, 'batch', o.batch, 1),
    lr: positiveOption(script, 'lr', o.lr),
    l2: o.l2 === '0' ? 0 : positiveOption(script, 'l2', o.l2),
    seed: intOption(script, 'seed', o.seed, 0),
    testFraction,
    out: checkOutFolder(script, o.out, ['metrics.json', 'predicted-vs-true.svg']),
    source: { file: o.data, target: o.target, features: o.features }
  }
}

const run = async ({ hidden, epochs, batch, lr, l2, seed, testFraction, out, source }: ReturnType<typeof validate>): Promise<void> => {
  // 1. Records → a feature matrix and a target column.
  const data = loadData(source.file, source.target, source.features)
  const n = data.features.shape[0]
  const f = data.features.shape[1]
  console.log(`data: ${n} complete rows${data.dropped > 0 ? ` (${data.dropped} incomplete rows dropped)` : ''}; ${f} features: ${data.names.join(', ')}`)

  // 2. A seeded split; standardisation fitted on the training rows only.
  const [kSplit, kInit, kData, kTrain] = Random.splitN(Random.key(seed), 4)
  const split = Data.trainTestSplit(kSplit!, n, testFraction)
  if (split.train.length < 2 || split.test.length < 1) return fail(script, `too few rows (${n}) for a train/test split`)
  const [xTrain, xTest] = [Tensor.gatherRows(data.features, split.train), Tensor.gatherRows(data.features, split.test)]
  const [yTrain, yTest] = [Tensor.gatherRows(data.target, split.train), Tensor.gatherRows(data.target, split.test)]
  const sx = Data.fitStandardiser(xTrain)
  const sy = Data.fitStandardiser(yTrain)

  // 3. The MLP on standardised inputs and target, one output unit, mean squared error.
  const started = performance.now()
  const { net, params } = trainSmallMlp(script, Data.standardise(sx, xTrain), Data.standardise(sy, yTrain), 1, Loss.meanSquaredError, { hidden, epochs, batch, lr, l2 }, [kInit!, kData!, kTrain!])
  const seconds = (performance.now() - started) / 1000
  const [zHat] = net.forward(params, Data.standardise(sx, xTest), Layer.evalCtx)
  const mlp = Array.from(zHat.data, (z) => Data.unstandardise(sy, 0, z))

  // 4. The baseline: least squares on the same training rows.
  const linearModel = fitLeastSquares(xTrain, yTrain.data)
  if (typeof linearModel === 'string') return fail(script, linearModel)
  const linear = Array.from(predictLinear(linearModel, xTest))

  // 5. Scores on the test split, in the target's own units.
  const truth = Array.from(yTest.data)
  const metrics = {
    mlp: errors(mlp, truth),
    linear: errors(linear, truth),
    testRows: truth.length,
    trainRows: split.train.length,
    dropped: data.dropped,
    features: data.names,
    seed,
    hidden,
    epochs,
    lr,
    l2,
    trainSeconds: seconds
  }
  console.log(`MLP     RMSE ${metrics.mlp.rmse.toFixed(3)}  MAE ${metrics.mlp.mae.toFixed(3)}  (${epochs} epochs, ${seconds.toFixed(1)} s)`)
  console.log(`linear  RMSE ${metrics.linear.rmse.toFixed(3)}  MAE ${metrics.linear.mae.toFixed(3)}  (least squares)`)
  console.log(`MLP / linear RMSE: ${(metrics.mlp.rmse / metrics.linear.rmse).toFixed(3)} on ${truth.length} test rows`)
  const plot = scatterPlot(`${data.targetName}: predicted (MLP) against true, test split`, `true ${data.targetName}`, `predicted ${data.targetName}`, truth.map((t, i) => [t, mlp[i]!] as const))
  const written = writeOutputSet(out, (folder) =>
    writeFiles(folder, [['metrics.json', JSON.stringify(metrics, null, 2) + '\n'], ['predicted-vs-true.svg', plot]])
  )
  if (E.isLeft(written)) return fail(script, written.left)
  console.log(`wrote metrics.json and predicted-vs-true.svg in ${out}`)
}

interface RegressionData {
  readonly features: Tensor.Tensor<[number, number]>
  readonly target: Tensor.Tensor<[number, 1]>
  readonly names: ReadonlyArray<string>
  readonly targetName: string
  readonly dropped: number
}

const loadData = (file: string | undefined, target: string | undefined, features: string | undefined): RegressionData => {
  if (target === undefined && features === undefined) {
    const cars = loadCars(file)
    if (E.isLeft(cars)) return fail(script, cars.left)
    return { features: cars.right.features, target: cars.right.target, names: Data.carsFeatureNames, targetName: 'Miles_per_Gallon', dropped: cars.right.dropped }
  }
  if (file === undefined || target === undefined || features === undefined) return fail(script, 'your own data needs all three of --data FILE, --target COLUMN and --features A,B,…')
  const table = loadTable(file)
  if (E.isLeft(table)) return fail(script, table.left)
  const names = features.split(',').map((s) => s.trim())
  const r = Data.regressionFromTable(table.right, { features: names, target })
  if (E.isLeft(r)) return fail(script, Data.summariseDataErrors(r.left))
  return { features: r.right.features, target: r.right.target, names, targetName: target, dropped: r.right.dropped }
}

const errors = (predicted: ReadonlyArray<number>, truth: ReadonlyArray<number>) => ({
  rmse: Math.sqrt(truth.reduce((s, t, i) => s + (predicted[i]! - t) ** 2, 0) / truth.length),
  mae: truth.reduce((s, t, i) => s + Math.abs(predicted[i]! - t), 0) / truth.length
})

runMain({ name: script, summary: 'An MLP against least squares on the Auto MPG data (or your own).', options, validate, run })
