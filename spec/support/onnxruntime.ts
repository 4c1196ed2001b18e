/**
 * onnxruntime-node for the ONNX agreement specs. It weighs about 290 MB, so it is not a
 * dependency of kanzen: it lives in the sub-package checks/onnxruntime, which `npm run
 * setup:onnxruntime` installs (and .ci/run does). Without it the specs are skipped with a visible
 * message; in CI (CI=true) its absence fails them.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { describe } from 'vitest'

/** The part of onnxruntime-node's API the specs use. */
export interface OrtTensor {
  readonly dims: ReadonlyArray<number>
  readonly data: Float32Array | Float64Array
}
export interface OrtSession {
  readonly inputNames: ReadonlyArray<string>
  readonly outputNames: ReadonlyArray<string>
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>
}
export interface Ort {
  readonly InferenceSession: { create(bytes: Uint8Array): Promise<OrtSession> }
  readonly Tensor: new (type: 'float32' | 'float64', data: Float32Array | Float64Array, dims: ReadonlyArray<number>) => OrtTensor
}

const packageJson = resolve('checks', 'onnxruntime', 'package.json')

/** onnxruntime-node from the sub-package, if it is installed. */
export const loadOrt = (): Ort | undefined => {
  if (!existsSync(resolve('checks', 'onnxruntime', 'node_modules', 'onnxruntime-node'))) return undefined
  // The sub-package's module, typed by the interface above (the subset of its own .d.ts used here).
  return createRequire(packageJson)('onnxruntime-node') as Ort
}

export const describeWithOrt = (name: string, body: (ort: Ort) => void): void => {
  const ort = loadOrt()
  if (ort === undefined && process.env['CI'] === 'true') {
    describe(name, () => {
      throw new Error('onnxruntime-node is required in CI: run npm run setup:onnxruntime')
    })
    return
  }
  if (ort === undefined) console.warn(`skipping "${name}": onnxruntime-node is not installed (npm run setup:onnxruntime)`)
  describe.skipIf(ort === undefined)(name, () => body(ort as Ort))
}
