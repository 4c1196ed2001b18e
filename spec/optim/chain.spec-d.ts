import { describe, expectTypeOf, it } from 'vitest'
import type { Tensor } from '../../src/index.js'
import { Optim } from '../../src/index.js'
import * as _ from '../../src/optim/chain.js'

type P = { readonly w: Tensor.Tensor<[2, 3]>; readonly b: Tensor.Tensor<[3]> }
type Q = { readonly w: Tensor.Tensor<[3, 3]> }
declare const p: P
declare const q: Q
declare const useOptimizer: <X, S>(params: X, tx: Optim.GradientTransformation<X, S>) => S

describe('chain (types)', () => {
  it('should give the tuple of the states', () => {
    const tx = _.chain(Optim.scaleByAdam<P>(), Optim.addDecayedWeights(1e-4), Optim.scaleByLearningRate(1e-3))
    expectTypeOf(tx).toEqualTypeOf<
      Optim.GradientTransformation<
        P,
        readonly [Optim.ScaleByAdamState<P>, Optim.AddDecayedWeightsState, Optim.ScaleByLearningRateState]
      >
    >()
  })
  it('should take the parameter type from the first transform or from the expected type', () => {
    const s = useOptimizer(p, _.chain(Optim.scaleByMomentum(), Optim.scaleByLearningRate(0.1)))
    expectTypeOf(s).toEqualTypeOf<readonly [Optim.ScaleByMomentumState<P>, Optim.ScaleByLearningRateState]>()
    expectTypeOf(useOptimizer(p, Optim.adam(1e-3))).toEqualTypeOf<Optim.AdamState<P>>()
  })
  it('should reject transforms over different parameter trees', () => {
    // @ts-expect-error Type 'Q' is not assignable to type 'P'
    _.chain(Optim.scaleByAdam<P>(), Optim.scale<Q>(2))
  })
  it('should make every alias the type of its chain', () => {
    expectTypeOf(Optim.adamw<P>(1e-3)).toEqualTypeOf<Optim.GradientTransformation<P, Optim.AdamwState<P>>>()
    expectTypeOf(Optim.sgd<P>(0.1)).toEqualTypeOf<
      Optim.GradientTransformation<P, readonly [Optim.ScaleByLearningRateState]>
    >()
  })
  it('should reject gradients of another tree', () => {
    const tx = Optim.sgd<P>(0.1)
    // @ts-expect-error Property 'b' is missing
    tx.update(q, tx.init(p), p)
  })
})
