/**
 * `kanzen/node`: the parts of kanzen that need Node's built-in modules, kept out of the package
 * entry so that `import … from 'kanzen'` bundles for a browser with nothing left to resolve.
 * Today that is gzip: `gunzip` (an `Inflate` over `node:zlib`) and the IDX/MNIST decoders with it
 * filled in, so `.gz` files decode as they are.
 *
 * @since 0.2.0
 */
import { gunzipSync } from 'node:zlib'
import type * as E from 'fp-ts/lib/Either.js'
import { Data } from '../index.js'

/**
 * `node:zlib`'s synchronous gunzip as an `Inflate`: at most `maxOutputLength` bytes come out
 * (zlib throws past that; `Data.decodeIdx` turns the throw into a `Left` at path `gzip`).
 *
 * @example
 * import { gzipSync } from 'node:zlib'
 * import { gunzip } from 'kanzen/node'
 * assert.deepStrictEqual(Array.from(gunzip(gzipSync(Uint8Array.of(1, 2, 3)), 10)), [1, 2, 3])
 *
 * @category operations
 * @since 0.2.0
 */
export const gunzip: Data.Inflate = (bytes, maxOutputLength) => {
  const out = gunzipSync(bytes, { maxOutputLength })
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

/**
 * `Data.decodeIdx` that also reads gzipped bytes (with `gunzip`, unless `options.inflate` says otherwise).
 *
 * @example
 * import { gzipSync } from 'node:zlib'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { decodeIdx } from 'kanzen/node'
 * const idx = decodeIdx(gzipSync(Uint8Array.from([0, 0, 0x08, 1, 0, 0, 0, 2, 7, 9])))
 * assert.ok(E.isRight(idx) && idx.right.dims[0] === 2)
 *
 * @category operations
 * @since 0.2.0
 */
export const decodeIdx = (bytes: Uint8Array, options: Data.IdxOptions = {}): E.Either<Data.DataErrors, Data.Idx> =>
  Data.decodeIdx(bytes, { inflate: gunzip, ...options })

/**
 * `Data.decodeMnist` that also reads gzipped files (the `.gz` files MNIST mirrors serve).
 *
 * @category operations
 * @since 0.2.0
 */
export const decodeMnist = (
  images: Uint8Array,
  labels: Uint8Array,
  options: Data.IdxOptions = {}
): E.Either<Data.DataErrors, Data.Mnist> => Data.decodeMnist(images, labels, { inflate: gunzip, ...options })
