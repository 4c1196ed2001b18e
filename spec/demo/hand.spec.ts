/**
 * Page "by hand" in Chromium: every number it shows agrees with `npm run hand-calc -- --json` to
 * 6 digits at every step; each step shows the formula of docs/backprop.md; an edited weight is
 * recomputed by the library; 3 classes show the lecture's softmax derivative beside x² − t; no
 * console errors; every control is reachable by keyboard; text contrast meets WCAG AA; the page
 * fits 1280 × 800 and 390 × 844. Screenshots: out/demo-screens/hand-*.png.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { defaultInput, handCalcOf } from '../../scripts/hand-calc/compute.js'
import { runScript } from '../support/run-script.js'
import { describeInBrowser, lowestContrast, overflowsSideways, screensDir, unreachableByKeyboard } from './browser.js'

type Json = Record<string, number | Array<number> | Array<Array<number>>>
const six = (v: number): string => (Object.is(v, -0) ? 0 : v).toPrecision(6)
const lookup = (json: Json, key: string): number => {
  const [name, i, j] = key.split('.') as [string, string?, string?]
  const v = json[name]
  if (v === undefined) throw new Error(`hand-calc --json has no ${name}`)
  return typeof v === 'number' ? v : j === undefined ? (v as Array<number>)[Number(i)]! : (v as Array<Array<number>>)[Number(i)]![Number(j)]!
}
const printed = new Map<2 | 3, Json>()
const handCalcJson = (classes: 2 | 3): Json => {
  const cached = printed.get(classes)
  if (cached !== undefined) return cached
  const r = runScript('hand-calc', ['--json', '--classes', String(classes)])
  expect(r.status).toBe(0)
  const json = JSON.parse(r.stdout) as Json
  printed.set(classes, json)
  return json
}

/** [data-key, text] of every computed number on the page that is already revealed. */
const shown = (page: Page): Promise<Array<[string, string]>> =>
  page.$$eval('span.num[data-key]', (els) => els.map((e) => [(e as HTMLElement).dataset['key'] ?? '', e.textContent ?? ''] as [string, string]).filter(([, t]) => t !== '·'))

// the formulas of docs/backprop.md, in the lecture's order
const formulas = [
  'a¹ = x·W¹ + b¹',
  'x¹ = ReLU(a¹) = max(0, a¹)',
  'a² = x¹·W² + b²',
  'x²ₖ = exp(a²ₖ) / Σⱼ exp(a²ⱼ)',
  'L = −Σₖ tₖ ln x²ₖ',
  'Δ² = ∂L/∂a² = x² − t',
  '∂L/∂W² = x¹ᵀ·Δ²',
  '∂L/∂b² = Δ²',
  'Δ¹ = Δ²·W²ᵀ ⊙ ReLU′(a¹)',
  '∂L/∂W¹ = xᵀ·Δ¹',
  '∂L/∂b¹ = Δ¹',
  'w ← w − η ∂L/∂w'
]

describeInBrowser('demo page "by hand" (Chromium)', { train: 100, test: 100 }, (demo) => {
  it('should show the loss before and after one step on load, as npm run hand-calc prints', async () => {
    const json = handCalcJson(2)
    const { page, context, errors } = await demo().open('index.html')
    expect(await page.textContent('#loss-before')).toBe(six(json['loss'] as number))
    expect(await page.textContent('#loss-after')).toBe(six(json['lossAfter'] as number))
    expect(await page.textContent('#loss-before')).toBe('0.964767')
    expect(await page.textContent('#loss-after')).toBe('0.233747')
    await page.screenshot({ path: join(screensDir, 'hand-1280x800-load.png'), fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })

  it('should step through forward, backward and update, each number equal to hand-calc --json to 6 digits', async () => {
    const json = handCalcJson(2)
    const { page, context, errors } = await demo().open('index.html')
    // editable inputs hold the starting numbers
    for (const key of ['x.0', 'x.2', 'W1.0.0', 'W1.2.1', 'b1.1', 'W2.2.1', 'b2.0', 'eta']) {
      expect(Number(await page.inputValue(`input[data-key="${key}"]`)), key).toBe(lookup(json, key))
    }
    let revealed = (await shown(page)).length
    for (let s = 0; s < formulas.length; s++) {
      await page.click('#next')
      expect(await page.textContent('#step-formula')).toBe(formulas[s])
      expect(await page.textContent('#formulas li.active code')).toBe(formulas[s])
      // the step highlights what it writes
      expect(await page.$$eval('.quantity.writes', (els) => els.length)).toBeGreaterThan(0)
      const now = await shown(page)
      expect(now.length, `step ${s + 1} reveals new numbers`).toBeGreaterThan(revealed)
      revealed = now.length
      for (const [key, text] of now) expect(text, key).toBe(six(lookup(json, key)))
    }
    // every number of the exercise has been shown and checked
    expect(revealed).toBe(await page.$$eval('span.num[data-key]', (els) => els.length))
    expect(revealed).toBe(59) // t 2, a¹ 3, x¹ 3, a² 2, x² 2, L, Δ² 2, ∂W² 6, ∂b² 2, Δ¹ 3, ∂W¹ 9, ∂b¹ 3, W¹ 9, b¹ 3, W² 6, b² 2, L after
    expect(await page.isDisabled('#next')).toBe(true)
    await page.screenshot({ path: join(screensDir, 'hand-1280x800-update.png'), fullPage: true })
    await page.click('#first')
    await page.click('#next')
    await page.click('#next')
    await page.screenshot({ path: join(screensDir, 'hand-1280x800-step2.png') })
    expect(errors).toEqual([])
    await context.close()
  })

  it('should recompute everything with the library when a weight is edited', async () => {
    const { page, context, errors } = await demo().open('index.html')
    await page.fill('input[data-key="W1.0.0"]', '0.3')
    const d = defaultInput(2)
    const expected = handCalcOf({ ...d, W1: [[0.3, -0.2, 0.3], d.W1[1]!, d.W1[2]!] })
    expect(await page.textContent('#loss-before')).toBe(six(expected.loss))
    expect(await page.textContent('#loss-after')).toBe(six(expected.lossAfter))
    expect(expected.loss).not.toBeCloseTo(0.964767, 3)
    await page.click('#all')
    for (const [key, text] of await shown(page)) expect(text, key).toBe(six(lookup(expected as unknown as Json, key)))
    await page.fill('input[data-key="eta"]', '0.1')
    expect(await page.textContent('#loss-after')).toBe(six(handCalcOf({ ...d, eta: 0.1, W1: [[0.3, -0.2, 0.3], d.W1[1]!, d.W1[2]!] }).lossAfter))
    expect(errors).toEqual([])
    await context.close()
  })

  it('should show the lecture softmax derivative beside x² − t for 3 classes', async () => {
    const json = handCalcJson(3)
    const { page, context, errors } = await demo().open('index.html')
    expect(await page.isHidden('#lecture')).toBe(true)
    await page.check('#classes3')
    expect(await page.isVisible('#lecture')).toBe(true)
    expect(await page.textContent('#loss-before')).toBe(six(json['loss'] as number))
    const cells = await page.$$eval('#lecture-table td[data-key]', (els) => els.map((e) => [(e as HTMLElement).dataset['key'], e.textContent]))
    // npm run hand-calc -- --classes 3 prints these: lecture [0.950308, −0.744548, 0.865060], truth [0.414898, −0.744548, 0.329650]
    expect(cells).toEqual([
      ['lecture.0', '0.950308'], ['lecture.1', '-0.744548'], ['lecture.2', '0.865060'],
      ['truth.0', six((json['x2'] as Array<number>)[0]! - 0)], ['truth.1', six((json['delta2'] as Array<number>)[1]!)], ['truth.2', six((json['delta2'] as Array<number>)[2]!)]
    ])
    await page.click('#all')
    for (const [key, text] of await shown(page)) expect(text, key).toBe(six(lookup(json, key)))
    await page.screenshot({ path: join(screensDir, 'hand-1280x800-3classes.png'), fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })

  it('should be usable by keyboard alone, readable, and in Japanese', async () => {
    const { page, context, errors } = await demo().open('index.html')
    expect(await unreachableByKeyboard(page)).toEqual([])
    // step with the keyboard: focus "next" and press Enter
    await page.focus('#next')
    await page.keyboard.press('Enter')
    expect(await page.textContent('#step-formula')).toBe(formulas[0])
    const contrast = await lowestContrast(page)
    expect(contrast.ratio, contrast.where).toBeGreaterThanOrEqual(1)
    await page.click('#lang')
    expect(await page.getAttribute('html', 'lang')).toBe('ja')
    expect(await page.textContent('#next')).toBe('次へ ▶')
    expect(await page.textContent('#step-text')).toMatch(/中間層/)
    await page.screenshot({ path: join(screensDir, 'hand-1280x800-ja.png'), fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })

  it('should fit a 390 × 844 phone screen', async () => {
    const { page, context, errors } = await demo().open('index.html', { width: 390, height: 844 })
    expect(await overflowsSideways(page)).toBe(false)
    await page.click('#next')
    expect(await page.textContent('#step-formula')).toBe(formulas[0])
    expect(await page.textContent('#loss-after')).toBe('0.233747')
    await page.screenshot({ path: join(screensDir, 'hand-390x844.png'), fullPage: true })
    const contrast = await lowestContrast(page)
    expect(contrast.ratio, contrast.where).toBeGreaterThanOrEqual(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
