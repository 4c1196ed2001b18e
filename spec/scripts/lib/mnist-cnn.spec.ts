import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Optim, Random } from '../../../src/index.js'
import { cnnNetwork, cnnParameterShapes } from '../../../scripts/lib/mnist-cnn.js'
import { modelParameterShapes, parseMnistModel, parseModel } from '../../../scripts/lib/mnist-model.js'

describe('the MNIST CNN described without building it', () => {
  it('should give the parameter shapes the built network has, for the default and other filter counts', () => {
    for (const filters of [[16, 32], [4, 8], [3, 5]]) {
      const built = Optim.leaves(cnnNetwork(filters).init(Random.key(0))).map(([, t]) => t.shape)
      expect(cnnParameterShapes(filters)).toEqual(built)
      expect(modelParameterShapes({ model: 'mnist-cnn', filters, optimizer: 'adam' })).toEqual(built)
    }
  })
  it('should parse a CNN description, refuse filter counts beyond the limits, and refuse a CNN where only an MLP will do', () => {
    const cnn = JSON.stringify({ model: 'mnist-cnn', filters: [4, 8], optimizer: 'adam' })
    expect(parseMnistModel(cnn)).toEqual(E.right({ model: 'mnist-cnn', filters: [4, 8], optimizer: 'adam' }))
    expect(parseMnistModel(JSON.stringify({ model: 'mnist-cnn', filters: [4, 1e9], optimizer: 'adam' }))).toEqual(
      E.left('the checkpoint describes filters [4, 1000000000] beyond the limits (2 convolutions of at most 100000 filters)')
    )
    expect(E.isLeft(parseMnistModel(JSON.stringify({ model: 'mnist-cnn', filters: [4, 8, 2], optimizer: 'adam' })))).toBe(true)
    expect(parseModel(cnn)).toEqual(
      E.left('the checkpoint holds a CNN conv4-conv8-128-10 (first weights [4, 1, 3, 3] on images [number, 1, 28, 28]), not an MLP (first weights [784, W1] on vectors [number, 784])')
    )
  })
})
