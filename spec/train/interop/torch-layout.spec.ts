/**
 * PyTorch layout: state_dict names counting every stage, nn.Linear's [out, in] weights, a byte-
 * identical round trip, a file written by PyTorch itself (spec/fixtures/torch, made by
 * make-fixture.py) that loads and computes what PyTorch computed, and one clear message for a file
 * whose names, shapes or dtypes do not fit the network.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Layer, Random, Tensor, Train, Tree } from '../../../src/index.js'

const right = <A>(e: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message)
  return e.right
}
const message = <A>(e: E.Either<{ readonly message: string }, A>): string => (E.isLeft(e) ? e.left.message : 'no error')
const bytesOf = (x: Tensor.AnyTensor): Buffer => Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength)
const file = (tensors: ReadonlyArray<readonly [string, Tensor.AnyTensor]>) => Train.encodeSafeTensors({ tensors, metadata: {} })

const net = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dropout(0.5), Layer.dense(2), Layer.softmax())

// The CNN of the onnxruntime agreement spec (export-onnx.spec.ts).
const cnn = Layer.serial(
  Layer.input(784),
  Layer.reshape([1, 28, 28]),
  Layer.conv2d({ filters: 4, kernel: 3, padding: 1 }),
  Layer.relu(),
  Layer.maxPool2d({ size: 2 }),
  Layer.conv2d({ filters: 8, kernel: 3, stride: 2 }),
  Layer.avgPool2d({ size: 2 }),
  Layer.flatten(),
  Layer.dense(10)
)

describe('torch-layout', () => {
  describe('exportTorch', () => {
    const params = net.init(Random.key(1))
    const st = right(E.mapLeft((e: Train.CheckpointError) => e)(Train.decodeSafeTensors(right(Train.exportTorch(net, params)))))

    it('should name tensors as nn.Sequential does, counting every stage', () => {
      expect(st.tensors.map(([n, t]) => `${n} ${t.shape.join('×')} ${t.dtype}`)).toEqual([
        '0.weight 3×4 float32',
        '0.bias 3 float32',
        '3.weight 2×3 float32',
        '3.bias 2 float32'
      ])
      expect(st.metadata).toEqual({ format: 'pt' })
    })

    it("should store nn.Linear's weight as [out, in]: the transpose of kanzen's w", () => {
      const weight = st.tensors[0]![1]
      const w = params[0].w
      for (let i = 0; i < 4; i++) for (let o = 0; o < 3; o++) expect(weight.data[o * 4 + i]).toBe(w.data[i * 3 + o])
    })

    it("should name a CNN's tensors as nn.Sequential does, conv weights as [out, in, kh, kw] unchanged", () => {
      const p = cnn.init(Random.key(4))
      const t = right(E.mapLeft((e: Train.CheckpointError) => e)(Train.decodeSafeTensors(right(Train.exportTorch(cnn, p)))))
      expect(t.tensors.map(([n, x]) => `${n} ${x.shape.join('×')}`)).toEqual(['1.weight 4×1×3×3', '1.bias 4', '4.weight 8×4×3×3', '4.bias 8', '7.weight 10×72', '7.bias 10'])
      expect(bytesOf(t.tensors[2]![1]).equals(bytesOf(p[4].w))).toBe(true)
    })

    it('should refuse a layer written by hand, naming it', () => {
      const { spec: _spec, ...handWritten } = Layer.build(Layer.input(3), Layer.relu())
      const mine = Layer.serial(Layer.input(3), { ...handWritten, name: 'mine' })
      expect(message(Train.exportTorch(mine, mine.init(Random.key(0))))).toBe(
        "layer mine at params[0] has no stage description (written by hand?): only the library's layers map to PyTorch modules"
      )
    })
  })

  describe('importTorch', () => {
    it('should round-trip kanzen → torch layout → kanzen byte for byte', () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const n = Layer.serial(Layer.input(5, dtype), Layer.dense(7), Layer.tanh(), Layer.dense(3))
        const params = n.init(Random.key(2))
        const bytes = right(Train.exportTorch(n, params))
        const back = right(Train.importTorch(n, bytes))
        for (const i of [0, 2] as const) {
          expect(bytesOf(back[i].w).equals(bytesOf(params[i].w))).toBe(true)
          expect(bytesOf(back[i].b).equals(bytesOf(params[i].b))).toBe(true)
        }
        expect(Buffer.from(right(Train.exportTorch(n, back))).equals(Buffer.from(bytes))).toBe(true)
      }
    })

    it('should round-trip a CNN kanzen → torch layout → kanzen byte for byte', () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const n = Layer.serial(
          Layer.input([784], dtype),
          Layer.reshape([1, 28, 28]),
          Layer.conv2d({ filters: 4, kernel: 3, padding: 1 }),
          Layer.relu(),
          Layer.maxPool2d({ size: 2 }),
          Layer.conv2d({ filters: 8, kernel: 3, stride: 2 }),
          Layer.avgPool2d({ size: 2 }),
          Layer.flatten(),
          Layer.dense(10)
        )
        const params = n.init(Random.key(5))
        const bytes = right(Train.exportTorch(n, params))
        const back = right(Train.importTorch(n, bytes))
        for (const i of [1, 4, 7] as const) {
          expect(bytesOf(back[i].w).equals(bytesOf(params[i].w))).toBe(true)
          expect(bytesOf(back[i].b).equals(bytesOf(params[i].b))).toBe(true)
        }
        expect(Buffer.from(right(Train.exportTorch(n, back))).equals(Buffer.from(bytes))).toBe(true)
      }
    })

    it("should refuse a CNN file whose conv weights are not nn.Conv2d's [out, in, kh, kw], naming the tensor", () => {
      const p = cnn.init(Random.key(4))
      const tensors: ReadonlyArray<readonly [string, Tensor.AnyTensor]> = [
        ['1.weight', Tensor.zeros([4, 3, 3, 1])],
        ['1.bias', p[1].b],
        ['4.weight', p[4].w],
        ['4.bias', p[4].b],
        ['7.weight', Tensor.transpose(p[7].w)],
        ['7.bias', p[7].b],
        ['2.weight', Tensor.zeros([1])]
      ]
      expect(message(Train.importTorch(cnn, file(tensors)))).toBe(
        'tensor 1.weight: expected [4, 1, 3, 3] float32, found [4, 3, 3, 1] float32; ' +
          "tensor 2.weight: not in this network's state_dict (nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)), nn.ReLU(), " +
          'nn.MaxPool2d(kernel_size=(2, 2), stride=(2, 2)), nn.Conv2d(4, 8, kernel_size=(3, 3), stride=(2, 2), padding=(0, 0)), nn.AvgPool2d(kernel_size=(2, 2), stride=(2, 2)), nn.Flatten(), nn.Linear(72, 10)))'
      )
    })

    it('should load a file written by PyTorch and compute what PyTorch computed', () => {
      const dir = new URL('../../fixtures/torch/', import.meta.url)
      const expected = JSON.parse(readFileSync(new URL('mlp.json', dir), 'utf8')) as {
        readonly sequential: string
        readonly input: ReadonlyArray<ReadonlyArray<number>>
        readonly output: ReadonlyArray<ReadonlyArray<number>>
      }
      const mlp = Layer.serial(Layer.input(4), Layer.dense(3), Layer.relu(), Layer.dense(2), Layer.softmax())
      expect(right(Train.torchSequential(mlp))).toBe(expected.sequential)
      const params = right(Train.importTorch(mlp, readFileSync(new URL('mlp.safetensors', dir))))
      const x = right(Tensor.fromArray([2, 4] as [number, 4], expected.input.flat()))
      const [y] = mlp.forward(params, x, Layer.evalCtx)
      Tensor.toArray(y).forEach((v, i) => expect(v).toBeCloseTo(expected.output.flat()[i]!, 6))
    })

    it.each([
      ['a missing tensor', [['0.weight', Tensor.zeros([3, 4])], ['0.bias', Tensor.zeros([3])], ['3.weight', Tensor.zeros([2, 3])]], 'tensor 3.bias: missing (expected [2] float32)'],
      [
        'a wrong shape (kanzen layout instead of torch layout)',
        [['0.weight', Tensor.zeros([4, 3])], ['0.bias', Tensor.zeros([3])], ['3.weight', Tensor.zeros([2, 3])], ['3.bias', Tensor.zeros([2])]],
        'tensor 0.weight: expected [3, 4] float32, found [4, 3] float32'
      ],
      [
        'a wrong dtype',
        [['0.weight', Tensor.zeros([3, 4], 'float64')], ['0.bias', Tensor.zeros([3])], ['3.weight', Tensor.zeros([2, 3])], ['3.bias', Tensor.zeros([2])]],
        'tensor 0.weight: expected [3, 4] float32, found [3, 4] float64'
      ],
      [
        'an extra tensor (indices not counting the activations)',
        [['0.weight', Tensor.zeros([3, 4])], ['0.bias', Tensor.zeros([3])], ['3.weight', Tensor.zeros([2, 3])], ['3.bias', Tensor.zeros([2])], ['1.weight', Tensor.zeros([2, 3])]],
        "tensor 1.weight: not in this network's state_dict (nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Dropout(0.5), nn.Linear(3, 2), nn.Softmax(dim=-1)))"
      ]
    ] as const)('should refuse %s with one message naming the tensor', (_what, tensors, expected) => {
      expect(message(Train.importTorch(net, file(tensors)))).toBe(expected)
    })

    it('should refuse bytes that are not safetensors, and half-precision files', () => {
      expect(message(Train.importTorch(net, new Uint8Array([1, 2, 3])))).toMatch(/^not a safetensors file of float32\/float64\/int64 tensors: truncated/)
      const header = JSON.stringify({ '0.weight': { dtype: 'F16', shape: [3, 4], data_offsets: [0, 24] } })
      const half = Buffer.alloc(8 + header.length + 24)
      half.writeUInt32LE(header.length, 0)
      half.write(header, 8)
      expect(message(Train.importTorch(net, half))).toMatch(/^not a safetensors file of float32\/float64\/int64 tensors: .*0\.weight/)
    })
  })

  describe('torchSequential', () => {
    it('should write nn.Unflatten, nn.Conv2d, nn.MaxPool2d and nn.AvgPool2d for a CNN', () => {
      expect(right(Train.torchSequential(cnn))).toBe(
        'nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)), nn.ReLU(), ' +
          'nn.MaxPool2d(kernel_size=(2, 2), stride=(2, 2)), nn.Conv2d(4, 8, kernel_size=(3, 3), stride=(2, 2), padding=(0, 0)), ' +
          'nn.AvgPool2d(kernel_size=(2, 2), stride=(2, 2)), nn.Flatten(), nn.Linear(72, 10))'
      )
    })

    it('should write the nn.Sequential of every stage kind', () => {
      const all = Layer.serial(
        Layer.input([2, 2]),
        Layer.flatten(),
        Layer.dense(3),
        Layer.leakyRelu(0.01),
        Layer.sigmoid(),
        Layer.tanh(),
        Layer.identity(),
        Layer.dropout(0.2),
        Layer.relu(),
        Layer.softmax()
      )
      expect(right(Train.torchSequential(all))).toBe(
        'nn.Sequential(nn.Flatten(), nn.Linear(4, 3), nn.LeakyReLU(0.01), nn.Sigmoid(), nn.Tanh(), nn.Identity(), nn.Dropout(0.2), nn.ReLU(), nn.Softmax(dim=-1))'
      )
    })
  })
})

describe('torch-layout: batch normalisation', () => {
  // A CNN with nn.BatchNorm2d after the convolution and nn.BatchNorm1d after the dense layer.
  const bn = Layer.serial(
    Layer.input([1, 6, 6]),
    Layer.conv2d({ filters: 3, kernel: 3 }),
    Layer.batchNorm(),
    Layer.relu(),
    Layer.flatten(),
    Layer.dense(5),
    Layer.batchNorm({ momentum: 0.2, epsilon: 1e-3 }),
    Layer.dense(2)
  )
  const params = bn.init(Random.key(1))
  // Running statistics other than the initial ones: one train-mode pass and its nextState.
  const [, tape] = bn.forward(params, Random.normal(Random.key(2), [8, 1, 6, 6] as [number, 1, 6, 6]), Layer.trainCtx(Random.key(3)))
  const state = bn.nextState!(Layer.initialState(bn)!, tape)
  const decoded = (bytes: Uint8Array) => right(E.mapLeft((e: Train.CheckpointError) => ({ message: e.message }))(Train.decodeSafeTensors(bytes)))

  it("should write nn.BatchNorm2d's and nn.BatchNorm1d's state_dict: weight, bias, running_mean, running_var, num_batches_tracked (int64)", () => {
    const st = decoded(right(Train.exportTorch(bn, params, state)))
    expect(st.tensors.map(([n, t]) => `${n} ${t.shape.join('×')}`)).toEqual([
      '0.weight 3×1×3×3', '0.bias 3',
      '1.weight 3', '1.bias 3', '1.running_mean 3', '1.running_var 3',
      '4.weight 5×48', '4.bias 5',
      '5.weight 5', '5.bias 5', '5.running_mean 5', '5.running_var 5',
      '6.weight 2×5', '6.bias 2'
    ])
    expect(st.integers).toEqual([
      ['1.num_batches_tracked', { dtype: 'int64', shape: [], values: [0n] }],
      ['5.num_batches_tracked', { dtype: 'int64', shape: [], values: [0n] }]
    ])
    expect(bytesOf(st.tensors[5]![1]).equals(bytesOf(state[1].variance))).toBe(true)
    expect(bytesOf(st.tensors[2]![1]).equals(bytesOf(params[1].gamma))).toBe(true)
  })
  it('should round-trip parameters and running statistics byte for byte', () => {
    const back = right(E.flatMap((b: Uint8Array) => Train.importTorchModel(bn, b))(Train.exportTorch(bn, params, state)))
    expect(Tree.leaves(back.params).map(([p, t]) => [p, bytesOf(t).toString('hex')])).toEqual(Tree.leaves(params).map(([p, t]) => [p, bytesOf(t).toString('hex')]))
    expect(Tree.leaves(back.state, 'state').map(([p, t]) => [p, bytesOf(t).toString('hex')])).toEqual(
      Tree.leaves(state, 'state').map(([p, t]) => [p, bytesOf(t).toString('hex')])
    )
    expect(back.state?.[0]).toBeUndefined()
    // importTorch is the parameters alone; a network without state gets none
    expect(E.isRight(E.flatMap((b: Uint8Array) => Train.importTorch(bn, b))(Train.exportTorch(bn, params, state)))).toBe(true)
    expect(right(E.flatMap((b: Uint8Array) => Train.importTorchModel(net, b))(Train.exportTorch(net, net.init(Random.key(0))))).state).toBeUndefined()
  })
  it('should refuse to export without the running statistics, naming the stage', () => {
    expect(message(Train.exportTorch(bn, params))).toBe(
      "state[1]: batchNorm's running statistics { mean, variance } are missing: pass the network's state (TrainState.state) to exportTorch"
    )
  })
  it('should refuse a file whose num_batches_tracked is missing, not an int64 scalar, or whose running_var is misshapen', () => {
    const st = decoded(right(Train.exportTorch(bn, params, state)))
    const rewrite = (change: (s: Train.SafeTensors) => Train.SafeTensors) => Train.importTorchModel(bn, Train.encodeSafeTensors(change(st)))
    expect(message(rewrite((s) => ({ ...s, integers: s.integers?.slice(1) })))).toBe('tensor 1.num_batches_tracked: missing (expected [] int64)')
    expect(message(rewrite((s) => ({ ...s, integers: [[`1.num_batches_tracked`, { dtype: 'int64', shape: [1], values: [5n] }], ...(s.integers ?? []).slice(1)] })))).toBe(
      'tensor 1.num_batches_tracked: expected [] int64, found [1] int64'
    )
    expect(
      message(rewrite((s) => ({ ...s, integers: s.integers?.slice(1), tensors: [...s.tensors, ['1.num_batches_tracked', Tensor.zeros([])] as const] })))
    ).toBe('tensor 1.num_batches_tracked: missing (expected [] int64); tensor 1.num_batches_tracked: not in this network\'s state_dict (' + right(Train.torchSequential(bn)) + ')')
    expect(message(rewrite((s) => ({ ...s, tensors: s.tensors.map(([n, t]) => (n === '5.running_var' ? ([n, Tensor.ones([4])] as const) : ([n, t] as const))) })))).toBe(
      'tensor 5.running_var: expected [5] float32, found [4] float32'
    )
    expect(message(rewrite((s) => ({ ...s, integers: [...(s.integers ?? []), ['6.num_batches_tracked', { dtype: 'int64', shape: [], values: [1n] }]] })))).toBe(
      `tensor 6.num_batches_tracked: [] int64, not in this network's state_dict (${right(Train.torchSequential(bn))})`
    )
  })
  it('should write nn.BatchNorm2d after a convolution and nn.BatchNorm1d after a dense layer', () => {
    expect(right(Train.torchSequential(bn))).toBe(
      'nn.Sequential(nn.Conv2d(1, 3, kernel_size=(3, 3), stride=(1, 1), padding=(0, 0)), nn.BatchNorm2d(3, eps=0.00001, momentum=0.1), nn.ReLU(), ' +
        'nn.Flatten(), nn.Linear(48, 5), nn.BatchNorm1d(5, eps=0.001, momentum=0.2), nn.Linear(5, 2))'
    )
  })
})

describe('torch-layout: a batch-norm file written by PyTorch (spec/fixtures/torch/make-batch-norm-fixture.py)', () => {
  const dir = new URL('../../fixtures/torch/', import.meta.url)
  const expected = JSON.parse(readFileSync(new URL('batch-norm.json', dir), 'utf8')) as {
    readonly sequential: string
    readonly input: ReadonlyArray<number>
    readonly output: ReadonlyArray<ReadonlyArray<number>>
    readonly trainInput: ReadonlyArray<number>
    readonly trainOutput: ReadonlyArray<ReadonlyArray<number>>
    readonly runningAfter: { readonly mean1: ReadonlyArray<number>; readonly var1: ReadonlyArray<number>; readonly mean5: ReadonlyArray<number>; readonly var5: ReadonlyArray<number> }
  }
  const net = Layer.serial(
    Layer.input([1, 6, 6]),
    Layer.conv2d({ filters: 3, kernel: 3 }),
    Layer.batchNorm(),
    Layer.relu(),
    Layer.flatten(),
    Layer.dense(5),
    Layer.batchNorm({ momentum: 0.2, epsilon: 1e-3 }),
    Layer.dense(2)
  )
  const close = (got: ReadonlyArray<number>, want: ReadonlyArray<number>, digits: number) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, digits))

  it('should load it and compute in eval mode what PyTorch computed with its running statistics', () => {
    expect(right(Train.torchSequential(net))).toBe(expected.sequential)
    const { params, state } = right(Train.importTorchModel(net, readFileSync(new URL('batch-norm.safetensors', dir))))
    const x = right(Tensor.fromArray([2, 1, 6, 6] as [number, 1, 6, 6], expected.input))
    close(Tensor.toArray(Layer.predict(net, params, x, { state })), expected.output.flat(), 5)
  })
  it("should move the running statistics as PyTorch does in train mode (momentum, the unbiased variance), and normalise with the batch's", () => {
    const { params, state } = right(Train.importTorchModel(net, readFileSync(new URL('batch-norm.safetensors', dir))))
    const x = right(Tensor.fromArray([4, 1, 6, 6] as [number, 1, 6, 6], expected.trainInput))
    const [y, tape] = net.forward(params, x, Layer.trainCtx(Random.key(0), state))
    close(Tensor.toArray(y), expected.trainOutput.flat(), 5)
    const after = net.nextState!(state!, tape)
    close(Tensor.toArray(after[1].mean), expected.runningAfter.mean1, 5)
    close(Tensor.toArray(after[1].variance), expected.runningAfter.var1, 5)
    close(Tensor.toArray(after[5].mean), expected.runningAfter.mean5, 5)
    close(Tensor.toArray(after[5].variance), expected.runningAfter.var5, 5)
  })
})
