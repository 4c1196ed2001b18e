/**
 * kanzen as a dependency, the way a user gets it: `npm pack` the built package (npm test builds
 * dist/ first; pack runs with --ignore-scripts so it does not rebuild under the other specs),
 * install the tarball into a fresh project of its own in a temporary folder (`"type": "module"`,
 * its own package.json, nothing pointing back here; offline, from the local npm cache), compile
 * the README's "Use kanzen in your own project" program with plain `tsc` (`module` node16) and
 * run the output with plain `node`, checking what it prints against the README.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  version: string
  devDependencies: Record<string, string>
}
const readme = readFileSync(join(repo, 'README.md'), 'utf8')
const section = readme.slice(readme.indexOf('## Use kanzen in your own project'))
const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)]
const program = blocks.find((b) => b[1] === 'ts')?.[2] ?? ''
// The block right after the program is what it prints.
const printed = blocks[blocks.findIndex((b) => b[1] === 'ts') + 1]?.[2] ?? ''

const dir = mkdtempSync(join(tmpdir(), 'kanzen-pack-'))
const run = (cmd: string, args: ReadonlyArray<string>, cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the packed package', () => {
  it('should have a program and its output in the README section', () => {
    expect(program).toMatch(/Train\.fit\(/)
    expect(program).toMatch(/Layer\.summary\(/)
    expect(program).toMatch(/Layer\.predict\(/)
    expect(printed).toMatch(/^stage +layer/)
  })

  it('should pack, install into a project of its own, compile with tsc and run with node', () => {
    expect(existsSync(join(repo, 'dist', 'index.js')), 'dist/ is missing: run npm run build first').toBe(true)
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir, repo], repo)) as Array<{
      filename: string
      files: Array<{ path: string }>
    }>
    const files = packed[0]!.files.map((f) => f.path)
    for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/node/index.js', 'dist/node/index.d.ts'])
      expect(files).toContain(f)
    expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([])

    const app = join(dir, 'app')
    run('mkdir', ['-p', app], dir)
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }))
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'ES2022', strict: true, outDir: 'out', types: ['node'], skipLibCheck: true },
        files: ['main.ts']
      })
    )
    writeFileSync(join(app, 'main.ts'), program)
    const tools = ['typescript', '@types/node'].map((name) => `${name}@${pkg.devDependencies[name]}`)
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed[0]!.filename), ...tools], app)
    expect(readFileSync(join(app, 'node_modules', 'kanzen', 'package.json'), 'utf8')).toContain(`"version": "${pkg.version}"`)

    run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], app)
    const out = run(process.execPath, [join(app, 'out', 'main.js')], app)
    // The summary exactly; the numbers as the README quotes them, up to the last digit (another
    // kernel backend may round a sum differently).
    const numbers = (text: string) => text.split('\n').map((l) => l.match(/^(epoch \d+: train loss|accuracy) ([\d.]+)$/))
    const summaryOf = (text: string) => text.split('\n').filter((l, i) => numbers(text)[i] === null)
    expect(summaryOf(out)).toEqual(summaryOf(printed))
    const got = numbers(out).filter((m) => m !== null)
    const want = numbers(printed).filter((m) => m !== null)
    expect(got.map((m) => m![1])).toEqual(want.map((m) => m![1]))
    got.forEach((m, i) => expect(Number(m![2])).toBeCloseTo(Number(want[i]![2]), 2))
  }, 300_000)
})
