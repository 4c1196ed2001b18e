import { Layer, Random, Tensor } from '../../src/index.js'
import { time } from './timing.js'
const k = Tensor.selectKernels('auto', { threads: 1 })
console.log(k.active)
for (const [C, H, F] of [[1, 28, 16], [16, 14, 32]] as const) {
  const g = Layer.geometry([C, H, H], [3, 3], [1, 1], [1, 1]) as Layer.Geometry
  const x = Random.normal(Random.key(1), [128, C, H, H])
  const col = Layer.im2col(x, g)
  const K = C * 9
  const N = 128 * H * H
  const w = Random.normal(Random.key(2), [F, K])
  const wt = Tensor.transpose(w)
  const d = Random.normal(Random.key(3), [N, F])
  const r = (n: string, f: () => unknown) => console.log(C, n, time(f, 5, 1).medianMs.toFixed(1), 'ms')
  r('im2col', () => Layer.im2col(x, g))
  r('col·Wᵀ transB', () => Tensor.matmulTransB(col, w))
  r('col·Wt plain', () => Tensor.matmul(col, wt))
  r('Δᵀ·col transA', () => Tensor.matmulTransA(d, col))
  r('colᵀ·Δ transA', () => Tensor.matmulTransA(col, d))
  r('Δ·W plain', () => Tensor.matmul(d, w))
  r('col2im', () => Layer.col2im(col, g, 128))
  const colT = Tensor.transpose(col)
  r('W·colT plain [F,K][K,N]', () => Tensor.matmul(w, colT))
  r('transpose col', () => Tensor.transpose(col))
  r('Δ (as [F,N])·colᵀ transB', () => Tensor.matmulTransB(Tensor.transpose(d), col))
}
