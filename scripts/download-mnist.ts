/**
 * Download the four MNIST files, verify each against its published sha256, and write them
 * atomically (no partial file is ever left behind):
 *
 *   npm run download:mnist -- --base-url URL --dir DIR
 *
 * URL is a folder that serves train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
 * t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (any mirror of the original files).
 * DIR defaults to data/mnist. The files can then be used with `--data DIR`. Progress goes to
 * stderr; on failure the script prints one line and exits with code 2.
 */
import * as E from 'fp-ts/lib/Either.js'
import { fail, runMain } from './lib/cli.js'
import { downloadAll } from './lib/data-download.js'

const script = 'download:mnist'
const options = {
  'base-url': { type: 'string', value: 'URL', help: 'a folder serving the four MNIST .gz files (required)' },
  dir: { type: 'string', default: 'data/mnist', value: 'DIR', help: 'where to write them' }
} as const

const progress = () => {
  let shown = ''
  return (name: string, received: number, total: number | undefined): void => {
    const mb = (n: number): string => (n / 1e6).toFixed(1)
    const line =
      total === undefined
        ? `${name} ${mb(received)} MB`
        : `${name} ${mb(received)}/${mb(total)} MB ${Math.floor((100 * received) / total)}%`
    // Redraw only when the text changes (whole percents), so a fast local copy does not flood the terminal.
    if (line !== shown) process.stderr.write(`\r${line}   `)
    shown = line
  }
}

runMain({
  name: script,
  summary: 'Download the four MNIST files, verify their sha256 checksums, and write them atomically.',
  options,
  validate: (o) => ({
    baseUrl: o['base-url'] ?? fail(script, 'missing --base-url URL (a folder serving the four MNIST .gz files)'),
    dir: o.dir ?? 'data/mnist'
  }),
  run: async ({ baseUrl, dir }) => {
    const result = await downloadAll({ baseUrl, dir, onProgress: progress() })
    process.stderr.write('\n')
    if (E.isLeft(result)) return fail(script, result.left)
    for (const f of result.right)
      process.stdout.write(`${f.name}: ${f.skipped ? 'already present, checksum ok' : `${f.bytes} bytes, checksum ok`}\n`)
  }
})
