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
import { downloadAll } from './lib/data-download.js'

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const fail = (line: string): never => {
  process.stderr.write(`download:mnist: ${line}\n`)
  process.exit(2)
}

const baseUrl = arg('--base-url') ?? fail('missing --base-url URL (a folder serving the four MNIST .gz files)')
const dir = arg('--dir') ?? 'data/mnist'

let shown = ''
const progress = (name: string, received: number, total: number | undefined): void => {
  const mb = (n: number): string => (n / 1e6).toFixed(1)
  const line =
    total === undefined
      ? `${name} ${mb(received)} MB`
      : `${name} ${mb(received)}/${mb(total)} MB ${Math.floor((100 * received) / total)}%`
  // Redraw only when the text changes (whole percents), so a fast local copy does not flood the terminal.
  if (line !== shown) process.stderr.write(`\r${line}   `)
  shown = line
}

const result = await downloadAll({ baseUrl, dir, onProgress: progress })
process.stderr.write('\n')
if (E.isLeft(result)) fail(result.left)
else
  for (const f of result.right)
    process.stdout.write(`${f.name}: ${f.skipped ? 'already present, checksum ok' : `${f.bytes} bytes, checksum ok`}\n`)
