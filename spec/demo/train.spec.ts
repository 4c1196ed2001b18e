/**
 * Page "train" in Chromium: the worker loads the bundled MNIST subset, trains on the WebAssembly
 * kernels for a few seconds and the loss falls; stop and resume work; a checkpoint written here
 * (trained in Node on half of MNIST's training images for one pass, saved as npm run mnist saves it) loads through the file
 * picker and by drag and drop; digits drawn with mouse strokes on the canvas are read correctly;
 * no console errors; keyboard, contrast and both viewports. Screenshots: out/demo-screens/train-*.png.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Loss, Optim, Random, Tensor, Train } from '../../src/index.js'
import { loadMnist } from '../../scripts/lib/data-files.js'
import { describeModel, mnistNetwork } from '../../scripts/lib/mnist-model.js'
import type { MnistParams } from '../../scripts/lib/mnist-model.js'
import { describeInBrowser, lowestContrast, overflowsSideways, screensDir, unreachableByKeyboard } from './browser.js'

// -------------------------------------------------------------------------------------
// the fixture checkpoint: 784 → 128 → 10, Adam, one pass over the first 30,000 training images
// -------------------------------------------------------------------------------------

let fixtureDir = ''
let checkpoint = ''
beforeAll(() => {
  const m = loadMnist()
  if (E.isLeft(m)) throw new Error(m.left)
  const n = 30000
  const y = Tensor.oneHot(m.right.train.labels.slice(0, n), 10)
  if (E.isLeft(y)) throw new Error(y.left.message)
  const ds = Train.dataset({ x: Tensor.sliceRows(m.right.train.images, 0, n), y: y.right })
  if (E.isLeft(ds)) throw new Error(ds.left.message)
  const epochOf = Train.epochs(64)(ds.right)
  if (E.isLeft(epochOf)) throw new Error(epochOf.left.message)
  const net = mnistNetwork([128])
  const tx = Optim.adam<MnistParams>(1e-3)
  const [kInit, kData, kTrain] = Random.splitN(Random.key(5), 3)
  const state = Train.fold(Train.trainStep(net, Loss.softmaxCrossEntropy, tx), Train.initState(net.init(kInit!), tx, kTrain!))(epochOf.right(kData!, 1))
  fixtureDir = mkdtempSync(join(tmpdir(), 'kanzen-demo-model-'))
  checkpoint = join(fixtureDir, 'model.safetensors')
  writeFileSync(checkpoint, Train.saveCheckpoint(describeModel({ model: 'mnist-mlp', hidden: [128], optimizer: 'adam' }), state))
}, 120_000)
afterAll(() => {
  if (fixtureDir !== '') rmSync(fixtureDir, { recursive: true, force: true })
})

// -------------------------------------------------------------------------------------
// drawing with the mouse
// -------------------------------------------------------------------------------------

type Stroke = ReadonlyArray<readonly [number, number]> // points on the 280 × 280 pad
const strokes: Record<string, ReadonlyArray<Stroke>> = {
  // a slightly slanted bar
  '1': [[[150, 40], [145, 90], [140, 140], [135, 190], [130, 240]]],
  // an upright ellipse, closed
  '0': [Array.from({ length: 37 }, (_, i) => [140 + 62 * Math.sin((i * Math.PI) / 18), 140 - 95 * Math.cos((i * Math.PI) / 18)] as const)],
  // a bar across the top, then down to the left
  '7': [[[60, 55], [140, 52], [220, 50], [190, 110], [160, 175], [130, 245]]]
}

const draw = async (page: Page, digit: string): Promise<{ predicted: string; p: number }> => {
  await page.click('#clear')
  const box = await page.locator('#pad').boundingBox()
  if (box === null) throw new Error('no pad')
  const at = (x: number, y: number) => [box.x + (x * box.width) / 280, box.y + (y * box.height) / 280] as const
  for (const stroke of strokes[digit]!) {
    await page.mouse.move(...at(...stroke[0]!))
    await page.mouse.down()
    for (const pt of stroke.slice(1)) await page.mouse.move(...at(...pt), { steps: 4 })
    await page.mouse.up()
  }
  await page.waitForFunction(() => document.querySelector('#bars li.best') !== null)
  const predicted = (await page.textContent('#predicted')) ?? ''
  const p = Number(await page.getAttribute(`#bars li[data-digit="${predicted}"]`, 'data-p'))
  return { predicted, p }
}

const points = async (page: Page): Promise<Array<[number, number, number]>> =>
  JSON.parse((await page.getAttribute('#curves', 'data-points')) ?? '[]') as Array<[number, number, number]>

describeInBrowser('demo page "train" (Chromium)', { train: 2000, test: 500 }, (demo) => {
  it('should train in the worker on WebAssembly kernels, the loss falling, with stop and resume', async () => {
    const { page, context, errors } = await demo().open('train.html')
    await page.click('#start')
    await page.waitForSelector('body[data-phase="training"]', { timeout: 30_000 })
    // a few seconds of training (at least 8 reports of 10 batches of 64)
    await page.waitForFunction(() => JSON.parse(document.querySelector('#curves')?.getAttribute('data-points') ?? '[]').length >= 8, undefined, { timeout: 60_000 })
    await page.click('#stop')
    await page.waitForSelector('body[data-phase="stopped"]')
    const run = await points(page)
    // WebAssembly kernels ran, not the JavaScript fallback (relaxed SIMD where Chromium validates it)
    expect(await page.getAttribute('body', 'data-kernels')).toMatch(/^wasm-(relaxed-)?simd$/)
    expect(await page.textContent('#kernels')).toMatch(/^wasm-(relaxed-)?simd$/)
    expect(await page.textContent('#data')).toBe('MNIST: 2000 train, 500 test')
    const first = run[0]!
    const last3 = run.slice(-3)
    const lateLoss = last3.reduce((a, p) => a + p[1], 0) / last3.length
    expect(lateLoss).toBeLessThan(0.6 * first[1])
    expect(last3.at(-1)![2]).toBeGreaterThan(0.7)
    expect(await page.textContent('#start')).toBe('Resume')
    // stopped means stopped: no report arrives for a while
    await page.waitForTimeout(400)
    expect((await points(page)).length).toBe(run.length)
    await page.click('#start')
    await page.waitForFunction((n) => JSON.parse(document.querySelector('#curves')?.getAttribute('data-points') ?? '[]').length >= n + 3, run.length)
    await page.click('#stop')
    await page.waitForSelector('body[data-phase="stopped"]')
    const resumed = await points(page)
    expect(resumed[run.length]![0]).toBeGreaterThan(run.at(-1)![0]) // the step count goes on
    // the model trained here reads a drawn digit (not asserted: a few seconds on 2,000 images)
    await draw(page, '1')
    await page.screenshot({ path: join(screensDir, 'train-1280x800-trained.png'), fullPage: true })
    expect(errors).toEqual([])
    await context.close()
  })

  it('should load a checkpoint of npm run mnist by file picker or drop, read digits drawn with the mouse, and refuse junk', async () => {
    const { page, context, errors } = await demo().open('train.html')
    await page.setInputFiles('#file', checkpoint)
    await page.waitForSelector('body[data-model="loaded"]', { timeout: 30_000 })
    expect(await page.textContent('#model')).toMatch(/^loaded model\.safetensors: .*accuracy 9\d\.\d %$/)
    for (const digit of ['1', '0', '7']) {
      const r = await draw(page, digit)
      expect(r.predicted, `drawn ${digit}`).toBe(digit)
      expect(r.p).toBeGreaterThan(0.5)
      await page.screenshot({ path: join(screensDir, `train-1280x800-drawn-${digit}.png`), fullPage: true })
    }
    // the same checkpoint dropped on the drawing area
    const b64 = readFileSync(checkpoint).toString('base64')
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer()
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'dropped.safetensors'))
      return dt
    }, b64)
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer })
    await page.waitForFunction(() => /^loaded dropped\.safetensors/.test(document.querySelector('#model')?.textContent ?? ''))
    expect((await draw(page, '1')).predicted).toBe('1')
    // a file that is not a checkpoint: a message, not a crash
    await page.setInputFiles('#file', { name: 'junk.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a checkpoint') })
    await page.waitForSelector('#error:not([hidden])')
    expect(await page.textContent('#error')).toMatch(/^junk\.safetensors: /)
    expect(errors).toEqual([])
    await context.close()
  })

  it('should be usable by keyboard, readable, in Japanese and on a 390 × 844 phone', async () => {
    const { page, context, errors } = await demo().open('train.html')
    expect(await unreachableByKeyboard(page)).toEqual([])
    const contrast = await lowestContrast(page)
    expect(contrast.ratio, contrast.where).toBeGreaterThanOrEqual(1)
    await page.click('#lang')
    expect(await page.textContent('#start')).toBe('学習開始')
    await page.screenshot({ path: join(screensDir, 'train-1280x800-ja.png'), fullPage: true })
    await context.close()
    const phone = await demo().open('train.html', { width: 390, height: 844 })
    expect(await overflowsSideways(phone.page)).toBe(false)
    await phone.page.setInputFiles('#file', checkpoint)
    await phone.page.waitForSelector('body[data-model="loaded"]', { timeout: 30_000 })
    expect((await draw(phone.page, '0')).predicted).toBe('0')
    await phone.page.screenshot({ path: join(screensDir, 'train-390x844.png'), fullPage: true })
    expect(errors).toEqual([])
    expect(phone.errors).toEqual([])
    await phone.context.close()
  })
})
