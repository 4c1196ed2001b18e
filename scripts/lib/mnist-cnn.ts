/**
 * The MNIST convolutional network of `npm run mnist -- --model cnn`, and its data augmentation.
 *
 *   [number, 784] → reshape [1, 28, 28]
 *     → conv2d(F₁, 3×3, padding 1) → max-pool 2×2 → ReLU      [F₁, 14, 14]
 *     → conv2d(F₂, 3×3, padding 1) → max-pool 2×2 → ReLU      [F₂, 7, 7]
 *     → flatten → dense(128) → ReLU → dense(10)                logits
 *
 * Pooling comes before the ReLU: max-pool and ReLU commute (ReLU is monotone), and the ReLU then
 * runs on a quarter of the values. The compiler checks every size of the default network
 * (`typedCnn`, spec/scripts/lib/mnist-cnn.spec-d.ts); the script builds it through `serialOf` so that
 * it has the same type as the MLP and shares the training loop.
 *
 * Augmentation: every training image is shifted by (dy, dx) ∈ {−2, …, 2}², drawn from the batch's
 * key — a pure function of the key and the images (zeros shift in at the border).
 */
import { Layer, Random, Tensor } from '../../src/index.js'

/** The default filter counts of the two convolutions. */
export const defaultFilters: readonly [number, number] = [32, 64]

/** The default network with every size written by the compiler: `[number, 784] → [number, 10]`. */
export const typedCnn = () =>
  Layer.serial(
    Layer.input(784),
    Layer.reshape([1, 28, 28]),
    Layer.conv2d({ filters: 32, kernel: 3, padding: 1 }),
    Layer.maxPool2d({ size: 2 }),
    Layer.relu(),
    Layer.conv2d({ filters: 64, kernel: 3, padding: 1 }),
    Layer.maxPool2d({ size: 2 }),
    Layer.relu(),
    Layer.flatten(),
    Layer.dense(128),
    Layer.relu(),
    Layer.dense(10)
  )

/**
 * The CNN with filter counts [F₁, F₂] (the default is `typedCnn`), typed like the MLP; with
 * `batchNorm`, a batch normalisation after each convolution (before the pool).
 */
export const cnnNetwork = (filters: ReadonlyArray<number> = defaultFilters, batchNorm = false) =>
  Layer.serialOf(Layer.input(784), [
    Layer.reshape([1, 28, 28]),
    Layer.conv2d({ filters: filters[0] ?? defaultFilters[0], kernel: 3, padding: 1 }),
    ...(batchNorm ? [Layer.batchNorm()] : []),
    Layer.maxPool2d({ size: 2 }),
    Layer.relu(),
    Layer.conv2d({ filters: filters[1] ?? defaultFilters[1], kernel: 3, padding: 1 }),
    ...(batchNorm ? [Layer.batchNorm()] : []),
    Layer.maxPool2d({ size: 2 }),
    Layer.relu(),
    Layer.flatten(),
    Layer.dense(128),
    Layer.relu(),
    Layer.dense(10)
  ])

/** The largest shift, in pixels, of the augmentation. */
export const maxShift = 2

/**
 * Each image of a batch [n, 784] shifted by its own (dy, dx) ∈ {−maxShift … maxShift}², drawn from
 * `key`: out(r, c) = in(r − dy, c − dx), 0 outside the image.
 */
export const shiftImages = (key: Random.Key, x: Tensor.Tensor<[number, 784]>): Tensor.Tensor<[number, 784]> => {
  const n = x.shape[0]
  const span = 2 * maxShift + 1
  const u = Random.uniform(key, [n, 2]).data
  const xd = x.data
  return Tensor.produce(x, (out) => {
    for (let i = 0; i < n; i++) {
      const dy = Math.min(span - 1, Math.floor(u[2 * i]! * span)) - maxShift
      const dx = Math.min(span - 1, Math.floor(u[2 * i + 1]! * span)) - maxShift
      const base = i * 784
      for (let r = Math.max(0, dy); r < Math.min(28, 28 + dy); r++) {
        const src = base + (r - dy) * 28 - dx
        const dst = base + r * 28
        for (let c = Math.max(0, dx); c < Math.min(28, 28 + dx); c++) out[dst + c] = xd[src + c]!
      }
    }
  })
}

/**
 * The parameter shapes of `cnnNetwork(filters)`, computed without building it (so a checkpoint's
 * description can be checked against its size first): conv weights [F, C, 3, 3] and biases [F],
 * dense weights [in, out] and biases [out]; two 2×2 pools take 28 → 14 → 7.
 */
export const cnnParameterShapes = (filters: ReadonlyArray<number>, batchNorm = false): ReadonlyArray<ReadonlyArray<number>> => {
  const [f1 = defaultFilters[0], f2 = defaultFilters[1]] = filters
  const norm = (f: number) => (batchNorm ? [[f], [f]] : [])
  return [[f1, 1, 3, 3], [f1], ...norm(f1), [f2, f1, 3, 3], [f2], ...norm(f2), [f2 * 7 * 7, 128], [128], [128, 10], [10]]
}
