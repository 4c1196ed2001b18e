/**
 * A small static file server for the demo (npm run demo and the browser specs), on 127.0.0.1
 * only. Port 0 picks a free port; `close` stops it.
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.gz': 'application/octet-stream',
  '.safetensors': 'application/octet-stream'
}

export interface DemoServer {
  readonly url: string
  readonly close: () => Promise<void>
}

export const serveDemo = (dir: string, port: number): Promise<DemoServer> => {
  const root = resolve(dir)
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path))
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end()
      return
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    )
  })
  return new Promise((ok, ko) => {
    server.once('error', ko)
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo
      ok({ url: `http://127.0.0.1:${p}/`, close: () => new Promise((done) => server.close(() => done())) })
    })
  })
}
