/**
 * `npm run demo [-- --port N]`: build the browser demo (see scripts/demo-build.ts) into
 * out/demo and serve it on http://127.0.0.1:N/ (default 8080) until interrupted.
 */
import { buildDemo } from './lib/demo-bundle.js'
import { serveDemo } from './lib/demo-server.js'
import { fail, intOption, runMain } from './lib/cli.js'

const script = 'demo'
const options = {
  port: { type: 'string', default: '8080', value: 'N', help: 'port on 127.0.0.1 (0: any free port)' },
  out: { type: 'string', default: 'out/demo', value: 'DIR', help: 'where to build the pages' }
} as const

runMain({
  name: script,
  summary: 'Build the browser demo and serve it on 127.0.0.1.',
  options,
  validate: (o) => ({ port: intOption(script, 'port', o.port, 0, 65535), out: o.out ?? 'out/demo' }),
  run: async ({ port, out }) => {
    const built = await buildDemo({ out, train: 6000, test: 1000 })
    if (built._tag === 'Left') return fail(script, built.left)
    const server = await serveDemo(out, port).catch((e: unknown) => fail(script, `cannot listen on 127.0.0.1:${port} (${e instanceof Error ? e.message : String(e)})`))
    console.log(`demo: page "by hand" ${server.url}index.html, page "train" ${server.url}train.html (Ctrl-C stops)`)
    await new Promise<never>(() => undefined)
  }
})
