/**
 * PNG files written from the format description (signature, IHDR, IDAT, IEND; CRC-32 per chunk),
 * for specs that need crafted images: bombs that declare huge sizes, damaged files.
 */
import { deflateSync } from 'node:zlib'

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

/** CRC-32 as PNG uses it (ISO 3309, polynomial 0xEDB88320). */
export const crc32 = (b: Uint8Array): number => (b.reduce((c, x) => crcTable[(c ^ x) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0

/** One chunk: length, type, data, CRC of type and data. */
export const chunk = (type: string, data: Uint8Array): Buffer => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), 8 + data.length)
  return out
}

/** A PNG whose IHDR names width × height (bit depth 8, `colorType`), with `raw` (filtered rows) deflated as its IDAT. */
export const png = (width: number, height: number, raw: Uint8Array, interlace = 0, colorType = 0): Buffer => {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, colorType, 0, 0, interlace], 8)
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))])
}
