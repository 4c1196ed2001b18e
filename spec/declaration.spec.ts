/**
 * Issue 10, item 10: a user's module that exports an inferred network, its parameters, its
 * optimizer and optimizer state, training state and steps compiles with `declaration: true`
 * against the built package (no TS2742 "cannot be named without a reference to …"). The project
 * is laid out as an install would be: node_modules/kanzen holds package.json and dist/, and
 * fp-ts and io-ts sit beside it.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve('.')
const dir = mkdtempSync(join(tmpdir(), 'kanzen-declaration-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const program = `import { Layer, Loss, Optim, Random, Train } from 'kanzen'
export const net = Layer.serial(Layer.input(784), Layer.dense(100), Layer.relu(), Layer.dense(10))
export const params = net.init(Random.key(0))
export const tx = Optim.adam<typeof params>(1e-3)
export const opt = tx.init(params)
export const state = Train.initState(params, tx, Random.key(1))
export const step = Train.trainStep(net, Loss.softmaxCrossEntropy, tx)
export const checked = Train.trainStepChecked(net, Loss.softmaxCrossEntropy, tx)
export const runtimeDepth = Layer.serialOf(Layer.input(4), [Layer.dense(3), Layer.relu()])
`

describe('declaration emit in a user module', () => {
  it('should compile with declaration: true and name every type through the package', () => {
    expect(existsSync(join(root, 'dist', 'index.d.ts')), 'dist/ is built by npm run build (npm test runs it first)').toBe(true)
    const modules = join(dir, 'node_modules')
    mkdirSync(join(modules, 'kanzen'), { recursive: true })
    cpSync(join(root, 'package.json'), join(modules, 'kanzen', 'package.json'))
    symlinkSync(join(root, 'dist'), join(modules, 'kanzen', 'dist'))
    for (const dep of ['fp-ts', 'io-ts']) symlinkSync(join(root, 'node_modules', dep), join(modules, dep))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'user', type: 'module', private: true }))
    const compilerOptions = {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      declaration: true,
      emitDeclarationOnly: true,
      outDir: 'out',
      skipLibCheck: true,
      // Keep node_modules/kanzen/dist as the path (as an install has it), so fp-ts resolves beside kanzen.
      preserveSymlinks: true
    }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['model.ts'] }))
    writeFileSync(join(dir, 'model.ts'), program)
    let output = ''
    try {
      output = execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' })
    } catch (e) {
      output = String((e as { stdout?: unknown }).stdout ?? e) // execFileSync's error carries the compiler's output
    }
    expect(output).not.toContain('TS2742')
    expect(output).toBe('')
    const emitted = readFileSync(join(dir, 'out', 'model.d.ts'), 'utf8')
    expect(emitted).toContain('export declare const net: Layer.Layer<[number, 784], [number, 10]')
    expect(emitted).toContain('export declare const opt: Optim.AdamState<')
  })
})
