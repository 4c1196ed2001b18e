/**
 * Data: file formats decoded into typed records and tensors, with errors that say where
 * (MNIST IDX, Kaggle Titanic CSV, Auto MPG JSON, a generic CSV/JSON regression loader), plus a
 * seeded train/test split and a standardiser. Pure functions of bytes or text: reading files is
 * the scripts' job.
 *
 * @since 0.1.0
 */
export type { DataError, DataErrors } from './data-error.js'
export { dataError, showDataError, showDataErrors, summariseDataErrors, showFound, prefixErrors } from './data-error.js'
export type { Idx, IdxType, IdxArray, IdxOptions, Inflate } from './idx.js'
export { decodeIdx, encodeIdx, defaultMaxElements } from './idx.js'
export type { Mnist } from './mnist.js'
export { decodeMnist, labelCounts, mnistPixels } from './mnist.js'
export type { CsvRow } from './csv.js'
export { parseCsv } from './csv.js'
export {
  numberCell,
  optionalNumberCell,
  literalCell,
  optionalLiteralCell,
  textCell,
  optionalTextCell
} from './cells.js'
export {
  Passenger,
  LabelledPassenger,
  trainHeader,
  testHeader,
  decodeTitanicTrain,
  decodeTitanicTest
} from './titanic.js'
export type { TitanicFeatureCount } from './titanic-pipeline.js'
export { TitanicPipeline, titanicFeatureNames, titanicFeatureCount, decodeTitanicPipeline } from './titanic-pipeline.js'
export type { Title } from './titanic-features.js'
export { fitTitanicFeatures, titanicFeatures, rawTitanicFeatures, titleOf } from './titanic-features.js'
export { titanicSubmission } from './titanic-submission.js'
export { Car, carsFeatureNames, decodeCars } from './cars.js'
export type { Cars } from './cars.js'
export type { Table, Regression } from './records.js'
export { tableFromCsv, tableFromJson, regressionFromTable } from './records.js'
export { Standardiser, fitStandardiser, standardise, unstandardise } from './standardise.js'
export type { Split } from './split.js'
export { trainTestSplit, kFolds } from './split.js'
export type { DigitOptions } from './digit.js'
export { mnistDigit, digitField, digitBox } from './digit.js'
