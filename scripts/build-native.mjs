#!/usr/bin/env node
/**
 * Build kanzen's native kernels (native/, node-gyp + node-addon-api) — the package's `install`
 * script, so it also runs for a user's `npm install kanzen`. Plain JavaScript, because tsx is a
 * development dependency and is not there when a user installs.
 *
 * It never fails the install: whatever goes wrong (no compiler, no Node headers, a compile
 * error), it prints one line, records the reason in `<native>/build/kanzen-build.txt` and exits
 * 0; kanzen then runs on WebAssembly and `Tensor.kernelStatus().fallbackReason` quotes that
 * line. It never reaches the network: node-gyp is pointed at headers already on the machine
 * (`--nodedir`, the folder whose include/node/node_api.h belongs to this Node), and without such
 * headers it does not run at all.
 *
 *   node scripts/build-native.mjs [--native-dir DIR]     build DIR (default: the package's native/)
 *   KANZEN_NATIVE=skip                                   record "skipped" and build nothing
 *   CXX=…                                                the C++ compiler (default c++), as node-gyp reads it
 *   KANZEN_NODEDIR=…                                     where Node's headers are, if not beside node
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const argAt = process.argv.indexOf('--native-dir')
const nativeDir = argAt > 0 && process.argv[argAt + 1] !== undefined ? resolve(process.argv[argAt + 1]) : join(root, 'native')
const buildDir = join(nativeDir, 'build')
const addon = join(buildDir, 'Release', 'kanzen_native.node')

/** Record the outcome for the loader and print it; always exit 0. A failed build leaves no addon behind. */
const finish = (built, line) => {
  try {
    if (!built) rmSync(addon, { force: true })
    mkdirSync(buildDir, { recursive: true })
    writeFileSync(join(buildDir, 'kanzen-build.txt'), `${line}\n`)
  } catch {
    // a read-only install folder: the loader then says the build did not run
  }
  process.stderr.write(`kanzen: ${line}${built ? '' : ' — kanzen will use its WebAssembly kernels'}\n`)
  process.exit(0)
}

/** The node-gyp that npm runs lifecycle scripts with, npm's bundled one, or a local install. */
const findNodeGyp = () => {
  const candidates = [
    process.env['npm_config_node_gyp'],
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  ]
  try {
    candidates.push(createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js'))
  } catch {
    // not installed locally
  }
  return candidates.find((p) => p !== undefined && p !== '' && existsSync(p))
}

/** A folder whose include/node/ holds this Node's headers, so node-gyp needs no download. */
const findNodeDir = () =>
  [process.env['KANZEN_NODEDIR'], resolve(dirname(process.execPath), '..'), '/usr', '/usr/local'].find(
    (d) => d !== undefined && d !== '' && existsSync(join(d, 'include', 'node', 'node_api.h')) && existsSync(join(d, 'include', 'node', 'common.gypi'))
  )

const lastLines = (text, n) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('gyp info'))
    .slice(-n)
    .join(' | ')

// What a failed build says: the compiler's first error line when there is one (node-gyp's own
// last lines are only "gyp ERR! not ok"), else the last lines.
const whyFailed = (text) => text.split('\n').map((l) => l.trim()).find((l) => / error: /.test(l)) ?? lastLines(text, 3)

if (process.env['KANZEN_NATIVE'] === 'skip') finish(false, 'native kernels not built: KANZEN_NATIVE=skip at install')
if (!existsSync(join(nativeDir, 'binding.gyp'))) finish(false, `native kernels not built: no ${join(nativeDir, 'binding.gyp')}`)

const cxx = process.env['CXX'] ?? 'c++'
const probe = spawnSync(cxx, ['--version'], { encoding: 'utf8' })
if (probe.error !== undefined || probe.status !== 0)
  finish(false, `native kernels not built: no C++ compiler (${cxx} --version: ${probe.error?.message ?? `exit ${probe.status}`})`)

const nodeGyp = findNodeGyp()
if (nodeGyp === undefined) finish(false, 'native kernels not built: node-gyp not found (npm ships it; or npm install node-gyp)')
const nodeDir = findNodeDir()
if (nodeDir === undefined)
  finish(false, `native kernels not built: no local Node headers (include/node/node_api.h beside ${process.execPath}; set KANZEN_NODEDIR)`)

let napiInclude
try {
  napiInclude = dirname(createRequire(join(root, 'package.json')).resolve('node-addon-api/package.json'))
} catch {
  finish(false, 'native kernels not built: the node-addon-api package is missing')
}

const run = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, `--directory=${nativeDir}`], {
  encoding: 'utf8',
  env: { ...process.env, KANZEN_NAPI_INCLUDE: napiInclude },
  maxBuffer: 64 * 1024 * 1024
})
if (run.error !== undefined || run.status !== 0 || !existsSync(addon))
  finish(false, `native kernels not built: node-gyp rebuild failed (${run.error?.message ?? whyFailed(`${run.stdout}\n${run.stderr}`)})`)

// Load it once here, so a module that builds but cannot load is reported at install time too.
try {
  const isa = execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(addon)}).resolveIsa('best'))`], { encoding: 'utf8' })
  finish(true, `native kernels built (${isa}) with ${probe.stdout.split('\n')[0]?.trim() ?? cxx}`)
} catch (e) {
  finish(false, `native kernels built but do not load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
}
