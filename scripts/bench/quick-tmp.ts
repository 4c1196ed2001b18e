import { Tensor } from '../../src/index.js'
import { cnnEpochSeconds } from './conv.js'
const k = Tensor.selectKernels('auto', { threads: Number(process.argv[2] ?? 1) as 1 | 2 })
console.log(k.active, k.threads, 'epoch s', cnnEpochSeconds(8).toFixed(1))
