/**
 * The state channel (layer.ts, compose.ts, train/step.ts, train/checkpoint): non-trained state
 * such as running statistics is an explicit value that the training fold carries, eval mode
 * reads and checkpoints save — never hidden in a layer, never seen by gradients or optimizers.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Layer, Loss, Optim, Random, Tensor, Train, Tree } from '../../src/index.js'
import { leavesInputsUnchanged } from '../support/frozen.js'
import { runningMean } from '../support/running-mean.js'

const net = Layer.serial(Layer.input(2), runningMean(2), Layer.dense(2))
type P = ReturnType<typeof net.init>
const tx = Optim.sgd<P>(0.1)
const x = (rows: ReadonlyArray<readonly [number, number]>) => Tensor.tensor(rows.map((r) => [...r])) as Tensor.Tensor<[number, 2]>
const batches = [
  { x: x([[1, 2], [3, 4]]), y: x([[1, 0], [0, 1]]) },
  { x: x([[5, 0], [7, 0]]), y: x([[1, 0], [1, 0]]) },
  { x: x([[0, 8], [0, 8]]), y: x([[0, 1], [0, 1]]) }
]
const start = () => Train.initState(net.init(Random.key(0)), tx, Random.key(1), Layer.initialState(net))

describe('the state channel', () => {
  it('should give a composite the tuple of its children\'s states, and none when no child keeps state', () => {
    expect(Layer.initialState(net)).toEqual([{ mean: Tensor.zeros([2]) }, undefined])
    expect(Layer.initialState(Layer.serial(Layer.input(2), Layer.dense(2), Layer.relu()))).toBeUndefined()
    expect(Layer.andThen(runningMean(2), Layer.dense(2, 1)).initState?.()).toEqual([{ mean: Tensor.zeros([2]) }, undefined])
  })
  it('should be threaded through a fold: state′ = m·state + (1 − m)·batch mean, step by step', () => {
    const final = Train.fold(Train.trainStep(net, Loss.softmaxCrossEntropy, tx), start())(batches)
    // batch means [2, 3], [6, 0], [0, 8]; m = 0.5 from 0: [1, 1.5] → [3.5, 0.75] → [1.75, 4.375]
    expect(Tensor.toArray(final.state![0].mean)).toEqual([1.75, 4.375])
    const checked = Train.foldEither(Train.trainStepChecked(net, Loss.softmaxCrossEntropy, tx), start())(batches)
    expect(E.isRight(checked) && Tensor.toArray(checked.right.state![0].mean)).toEqual([1.75, 4.375])
  })
  it('should start from initState() when a training state was made without one', () => {
    const bare = Train.initState(net.init(Random.key(0)), tx, Random.key(1))
    const s1 = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)(bare, batches[0]!)
    expect(Tensor.toArray(s1.state![0].mean)).toEqual([1, 1.5])
  })
  it('should never show the state to gradients or the optimizer', () => {
    const s0 = start()
    const { grads } = Train.valueAndGrad(net, Loss.softmaxCrossEntropy)(s0.params, batches[0]!, Random.key(2), s0.state)
    expect(Tree.leaves(grads).map(([p]) => p)).toEqual(['params[1].w', 'params[1].b'])
    const s1 = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)(s0, batches[0]!)
    expect(Tree.leaves(s1.opt, 'opt').map(([p]) => p).some((p) => p.includes('mean'))).toBe(false)
  })
  it('should be read in eval mode (running mean) and not in train mode (batch mean)', () => {
    const final = Train.fold(Train.trainStep(net, Loss.softmaxCrossEntropy, tx), start())(batches)
    const probe = x([[1.75, 4.375], [0, 0]])
    const inner = runningMean(2)
    const [evalOut] = inner.forward({}, probe, Layer.evalCtxWith(final.state![0]))
    expect(Tensor.toArray(evalOut)).toEqual([0, 0, -1.75, -4.375])
    const [trainOut] = inner.forward({}, probe, Layer.trainCtx(Random.key(0), final.state![0]))
    expect(Tensor.toArray(trainOut)).toEqual([0.875, 2.1875, -0.875, -2.1875])
    // evaluate passes the state: the same logits as a forward pass in eval mode with it
    const [logits] = net.forward(final.params, probe, Layer.evalCtxWith(final.state!))
    const m = Train.evaluate(net, Loss.softmaxCrossEntropy, 2)(final.params, final.state)([{ x: probe, y: Tensor.softmax(logits) }])
    expect(m.loss).toBeCloseTo(Loss.softmaxCrossEntropy(logits, Tensor.softmax(logits)).value, 6)
  })
  it('should leave its inputs unchanged', () => {
    const s0 = start()
    const inputs = [...batches.flatMap((b) => [b.x, b.y]), ...Tree.leaves(s0.params), ...Tree.leaves(s0.state, 'state')].map((e) =>
      Array.isArray(e) ? e[1] : e
    ) as ReadonlyArray<Tensor.AnyTensor> // leaves come as [path, tensor]
    leavesInputsUnchanged(inputs, () => Train.fold(Train.trainStep(net, Loss.softmaxCrossEntropy, tx), s0)(batches))
  })
  it('should round-trip through a checkpoint, and be validated on load', () => {
    const final = Train.fold(Train.trainStep(net, Loss.softmaxCrossEntropy, tx), start())(batches)
    const bytes = Train.saveCheckpoint('rm', final)
    const loaded = Train.loadCheckpoint('rm', start())(bytes)
    expect(loaded).toEqual(E.right(final))
    const withoutState = Train.initState(net.init(Random.key(0)), tx, Random.key(1))
    const extra = Train.loadCheckpoint('rm', withoutState)(bytes)
    expect(E.isLeft(extra) && extra.left.message).toBe('tensor state[0].mean: not in this network (extra tensor)')
    const missing = Train.loadCheckpoint('rm', start())(Train.saveCheckpoint('rm', withoutState))
    expect(E.isLeft(missing) && missing.left.message).toBe('tensor state[0].mean: missing from the checkpoint')
    const wide = { ...start(), state: [{ mean: Tensor.zeros([3]) }, undefined] as const }
    const wrong = Train.loadCheckpoint('rm', wide)(bytes)
    expect(E.isLeft(wrong) && wrong.left.message).toBe('tensor state[0].mean: expected shape [3] float32, found [2] float32')
  })
})
