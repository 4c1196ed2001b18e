/**
 * A real browser for the demo specs: Debian's Chromium driven by playwright-core, headless. The
 * demo is built into a temporary folder and served on 127.0.0.1 (a free port) for the duration
 * of a spec file. Without Chromium the specs skip with a message, except in CI (CI=true), where
 * they fail: `.ci/run` installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { buildDemo } from '../../scripts/lib/demo-bundle.js'
import { serveDemo } from '../../scripts/lib/demo-server.js'
import type { DemoServer } from '../../scripts/lib/demo-server.js'

/** Where the screenshots go (git-ignored). */
export const screensDir = join('out', 'demo-screens')

export const chromiumPath = (): string | undefined =>
  [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => p !== undefined && p !== '' && existsSync(p))

export interface Demo {
  readonly url: string
  readonly browser: Browser
  /** A fresh page at `path`, collecting console errors and uncaught exceptions into `errors`. */
  readonly open: (path: string, viewport?: { width: number; height: number }) => Promise<{ page: Page; context: BrowserContext; errors: Array<string> }>
}

/** A describe block with a built, served demo and a launched browser; skipped (or failed in CI) without Chromium. */
export const describeInBrowser = (name: string, subset: { train: number; test: number }, body: (demo: () => Demo) => void): void => {
  const exe = chromiumPath()
  if (exe === undefined && process.env['CI'] === 'true') {
    describe(name, () => {
      throw new Error('Chromium is required in CI (apt-get install chromium, or set CHROMIUM_PATH)')
    })
    return
  }
  if (exe === undefined) console.warn(`skipping "${name}": no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)`)
  describe.skipIf(exe === undefined)(name, () => {
    let dir = ''
    let server: DemoServer | undefined
    let browser: Browser | undefined
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'kanzen-demo-'))
      const built = await buildDemo({ out: dir, ...subset })
      expect(built._tag).toBe('Right')
      server = await serveDemo(dir, 0)
      browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox'] })
      mkdirSync(screensDir, { recursive: true })
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
      await server?.close()
      if (dir !== '') rmSync(dir, { recursive: true, force: true })
    })
    body(() => {
      if (server === undefined || browser === undefined) throw new Error('the demo did not start')
      const b = browser
      const url = server.url
      return {
        url,
        browser: b,
        open: async (path, viewport = { width: 1280, height: 800 }) => {
          const context = await b.newContext({ viewport, locale: 'en-US' })
          const page = await context.newPage()
          const errors: Array<string> = []
          page.on('console', (m) => {
            if (m.type() === 'error') errors.push(`console: ${m.text()}`)
          })
          page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
          page.on('worker', (w) => w.on('console', (m) => (m.type() === 'error' ? errors.push(`worker: ${m.text()}`) : undefined)))
          await page.goto(url + path)
          await page.waitForSelector('body[data-ready="true"]')
          return { page, context, errors }
        }
      }
    })
  })
}

/**
 * WCAG 2 contrast of every visible piece of text on the page (HTML text against the first opaque
 * background behind it; SVG text against the shape it sits on): the lowest ratio and where.
 */
export const lowestContrast = (page: Page): Promise<{ ratio: number; where: string; count: number }> =>
  page.evaluate(() => {
    const rgb = (c: string): [number, number, number, number] => {
      const m = c.match(/rgba?\(([^)]+)\)/)
      if (m === null) return [0, 0, 0, 0]
      const p = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number)
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1]
    }
    const lum = ([r, g, b]: [number, number, number, number]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const bgOf = (e: Element | null): [number, number, number, number] => {
      for (let x = e; x !== null; x = x.parentElement) {
        const c = rgb(getComputedStyle(x).backgroundColor)
        if (c[3] > 0.5) return c
      }
      return [255, 255, 255, 1]
    }
    const ratio = (a: [number, number, number, number], b: [number, number, number, number]) => {
      const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
      return (l1 + 0.05) / (l2 + 0.05)
    }
    let worst = { ratio: 99, where: '', count: 0 }
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect()
      const s = getComputedStyle(e)
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && r.left > -1000
    }
    const consider = (e: Element, fg: [number, number, number, number], bg: [number, number, number, number]) => {
      const s = getComputedStyle(e)
      const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700)
      const need = large ? 3 : 4.5
      const r = ratio(fg, bg) / need
      worst.count++
      if (r < worst.ratio) worst = { ratio: r, where: `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').trim().slice(0, 30)}" ${ratio(fg, bg).toFixed(2)}:1 (needs ${need})`, count: worst.count }
    }
    for (const e of document.querySelectorAll('body *')) {
      if (e instanceof SVGElement) continue
      const own = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '')
      const field = e instanceof HTMLInputElement || e instanceof HTMLSelectElement
      if ((own || field) && visible(e) && !(e as HTMLButtonElement).disabled) consider(e, rgb(getComputedStyle(e).color), bgOf(e))
    }
    for (const e of document.querySelectorAll('svg text')) {
      if (!visible(e)) continue
      const rect = e.closest('.node')?.querySelector('rect')
      const bg = rect ? rgb(getComputedStyle(rect).fill) : bgOf(e.closest('svg'))
      consider(e, rgb(getComputedStyle(e).fill), bg[3] > 0.5 ? bg : [255, 255, 255, 1])
    }
    return { ...worst, ratio: worst.ratio }
  })

/**
 * Tab through the page (up to `limit` presses) and return the controls that were never focused:
 * every visible, enabled link, button, input and select must be reachable by keyboard.
 */
export const unreachableByKeyboard = async (page: Page): Promise<Array<string>> => {
  const count = await page.evaluate(() => {
    let i = 0
    for (const e of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) (e as HTMLElement).dataset['kbd'] = String(i++)
    ;(document.activeElement as HTMLElement | null)?.blur()
    return i
  })
  const limit = count + 5
  const seen = new Set<string>()
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['kbd'] ?? '')
    if (id !== '') seen.add(id)
  }
  return page.evaluate((reached) => {
    const missing: Array<string> = []
    for (const e of document.querySelectorAll<HTMLElement>('[data-kbd]')) {
      const r = e.getBoundingClientRect()
      const hidden = r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden' || (e as HTMLButtonElement).disabled
      const skip = e.classList.contains('skip') // shown only on focus
      if (!hidden && !skip && !reached.includes(e.dataset['kbd'] ?? '')) missing.push(`${e.tagName.toLowerCase()} ${e.getAttribute('aria-label') ?? e.textContent?.trim().slice(0, 30) ?? ''}`)
    }
    return missing
  }, [...seen])
}

/** The page is no wider than the viewport (nothing to scroll sideways). */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
