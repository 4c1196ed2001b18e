import type * as E from 'fp-ts/lib/Either.js'
import { describe, expectTypeOf, it } from 'vitest'
import * as _ from '../../src/data/index.js'
import type { Tensor } from '../../src/index.js'

declare const pipeline: _.TitanicPipeline
declare const rows: ReadonlyArray<_.Passenger>
declare const labelled: ReadonlyArray<_.LabelledPassenger>
declare const table: _.Table
declare const x: Tensor.Tensor<[number, 9]>

describe('data (types)', () => {
  it('should type MNIST images as [number, 784] and labels as Int32Array', () => {
    expectTypeOf<_.Mnist['images']>().toEqualTypeOf<Tensor.Tensor<[number, 784]>>()
    expectTypeOf<_.Mnist['labels']>().toEqualTypeOf<Int32Array>()
  })
  it('should type the Titanic feature matrix with a literal column count', () => {
    expectTypeOf(_.titanicFeatures(pipeline, rows)).toEqualTypeOf<Tensor.Tensor<[number, 24]>>()
    expectTypeOf<_.TitanicFeatureCount>().toEqualTypeOf<24>()
  })
  it('should accept labelled rows where passengers are expected, but not the reverse', () => {
    _.titanicFeatures(pipeline, labelled)
    // @ts-expect-error Property 'Survived' is missing
    _.fitTitanicFeatures(rows)
  })
  it('should give the decoded row type from the codec', () => {
    expectTypeOf<_.LabelledPassenger['Survived']>().toEqualTypeOf<0 | 1>()
    expectTypeOf<_.Passenger['Pclass']>().toEqualTypeOf<1 | 2 | 3>()
    expectTypeOf<_.Passenger['Age']>().toEqualTypeOf<number | null>()
    expectTypeOf<_.Passenger['Embarked']>().toEqualTypeOf<'C' | 'Q' | 'S' | null>()
  })
  it('should carry the number of chosen regression columns into the tensor type', () => {
    expectTypeOf(_.regressionFromTable(table, { features: ['a', 'b', 'c'], target: 'y' })).toEqualTypeOf<
      E.Either<_.DataErrors, _.Regression<3>>
    >()
    expectTypeOf<_.Regression<3>['features']>().toEqualTypeOf<Tensor.Tensor<[number, 3]>>()
    expectTypeOf<_.Cars['features']>().toEqualTypeOf<Tensor.Tensor<[number, 9]>>()
  })
  it('should keep the column count through standardise', () => {
    expectTypeOf(_.standardise(_.fitStandardiser(x), x)).toEqualTypeOf<Tensor.Tensor<[number, 9]>>()
  })
})
