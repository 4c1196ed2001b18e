/**
 * Page "train": starts the worker (demo/train-worker.ts), draws the loss and accuracy curves as
 * reports arrive, and turns a drawing into an MNIST input with the library's `Data.mnistDigit`
 * (bounding box to 20 × 20, centred by centre of mass in 28 × 28) for the worker to classify.
 */
import * as E from 'fp-ts/lib/Either.js'
import { Data } from '../src/index.js'
import { setupLang, t } from './i18n.js'
import type { FromWorker, Progress, ToWorker } from './protocol.js'

const $ = <E extends Element = HTMLElement>(sel: string): E => {
  const el = document.querySelector<E>(sel)
  if (el === null) throw new Error(`demo: ${sel} is missing`)
  return el
}

const worker = new Worker(new URL('train-worker.js', import.meta.url), { type: 'module' })
const send = (m: ToWorker, transfer: Array<Transferable> = []): void => worker.postMessage(m, transfer)

type Phase = 'idle' | 'loading' | 'training' | 'stopped'
let phase: Phase = 'idle'
const history: Array<Progress> = []

// -------------------------------------------------------------------------------------
// status and curves
// -------------------------------------------------------------------------------------

const showPhase = (p: Phase): void => {
  phase = p
  $('#state').textContent = p === 'idle' ? t('ready') : p === 'loading' ? t('loading') : p === 'training' ? t('training') : t('paused')
  const start = $<HTMLButtonElement>('#start')
  start.textContent = p === 'stopped' ? t('resume') : t('start')
  start.disabled = p === 'loading' || p === 'training'
  $<HTMLButtonElement>('#stop').disabled = p !== 'training'
  document.body.dataset['phase'] = p
}

const drawCurves = (): void => {
  const c = $<HTMLCanvasElement>('#curves')
  const g = c.getContext('2d')
  if (g === null) return
  const [w, h, pad] = [c.width, c.height, 34]
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, w, h)
  g.strokeStyle = '#6b6b6b'
  g.lineWidth = 1
  g.strokeRect(pad, 8, w - 2 * pad, h - pad - 8)
  g.fillStyle = '#1a1a1a'
  g.font = '12px system-ui, sans-serif'
  const maxLoss = Math.max(0.5, ...history.map((p) => p.loss))
  g.fillText(maxLoss.toFixed(1), 4, 18)
  g.fillText('0', 4, h - pad)
  g.fillText('100%', w - pad + 2, 18)
  g.fillText('0%', w - pad + 2, h - pad)
  const lastStep = Math.max(1, history.at(-1)?.step ?? 1)
  g.fillText(`${lastStep}`, w - pad - 30, h - pad + 16)
  const x = (s: number) => pad + ((w - 2 * pad) * s) / lastStep
  const line = (color: string, y: (p: Progress) => number) => {
    g.strokeStyle = color
    g.lineWidth = 2
    g.beginPath()
    history.forEach((p, i) => (i === 0 ? g.moveTo(x(p.step), y(p)) : g.lineTo(x(p.step), y(p))))
    g.stroke()
  }
  const plotH = h - pad - 8
  line('#0b57d0', (p) => 8 + plotH * (1 - p.loss / maxLoss))
  line('#b3470b', (p) => 8 + plotH * (1 - p.accuracy))
  c.dataset['points'] = JSON.stringify(history.map((p) => [p.step, p.loss, p.accuracy]))
}

// -------------------------------------------------------------------------------------
// drawing pad
// -------------------------------------------------------------------------------------

const pad = $<HTMLCanvasElement>('#pad')
const ctx = pad.getContext('2d', { willReadFrequently: true })
const clearPad = (): void => {
  if (ctx === null) return
  ctx.fillStyle = '#000000'
  ctx.fillRect(0, 0, pad.width, pad.height)
  $<HTMLCanvasElement>('#seen').getContext('2d')?.clearRect(0, 0, 28, 28)
  showBars(undefined)
}

let drawing = false
let last: readonly [number, number] | undefined
const point = (e: PointerEvent): readonly [number, number] => {
  const r = pad.getBoundingClientRect()
  return [((e.clientX - r.left) * pad.width) / r.width, ((e.clientY - r.top) * pad.height) / r.height]
}
pad.addEventListener('pointerdown', (e) => {
  drawing = true
  pad.setPointerCapture(e.pointerId)
  last = point(e)
  stroke(last, last)
})
pad.addEventListener('pointermove', (e) => {
  if (!drawing || last === undefined) return
  const p = point(e)
  stroke(last, p)
  last = p
})
const end = (): void => {
  if (!drawing) return
  drawing = false
  last = undefined
  classify()
}
pad.addEventListener('pointerup', end)
pad.addEventListener('pointercancel', end)

const stroke = (a: readonly [number, number], b: readonly [number, number]): void => {
  if (ctx === null) return
  ctx.strokeStyle = '#ffffff'
  ctx.lineWidth = 20
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  ctx.beginPath()
  ctx.moveTo(a[0], a[1])
  ctx.lineTo(b[0], b[1])
  ctx.stroke()
}

/** The drawing as MNIST would have it: ink = red channel / 255, then Data.mnistDigit. */
const classify = (): void => {
  if (ctx === null) return
  const img = ctx.getImageData(0, 0, pad.width, pad.height)
  const ink = new Float32Array(pad.width * pad.height)
  for (let i = 0; i < ink.length; i++) ink[i] = img.data[4 * i]! / 255
  const digit = Data.mnistDigit(ink, pad.width, pad.height)
  if (E.isLeft(digit)) return
  const seen = $<HTMLCanvasElement>('#seen').getContext('2d')
  if (seen !== null) {
    const im = seen.createImageData(28, 28)
    digit.right.forEach((v, i) => {
      im.data.set([255 * v, 255 * v, 255 * v, 255], 4 * i)
    })
    seen.putImageData(im, 0, 0)
  }
  send({ type: 'predict', pixels: digit.right }, [digit.right.buffer])
}

const buildBars = (): void => {
  $('#bars').replaceChildren(
    ...Array.from({ length: 10 }, (_, d) => {
      const li = document.createElement('li')
      li.dataset['digit'] = String(d)
      li.innerHTML = `<span class="digit">${d}</span><span class="bar"><span class="fill"></span></span><span class="p">–</span>`
      return li
    })
  )
}

const showBars = (p: ReadonlyArray<number> | undefined): void => {
  const best = p === undefined ? -1 : p.indexOf(Math.max(...p))
  for (const li of document.querySelectorAll<HTMLElement>('#bars li')) {
    const d = Number(li.dataset['digit'])
    const v = p?.[d]
    li.querySelector<HTMLElement>('.fill')!.style.width = `${100 * (v ?? 0)}%`
    li.querySelector('.p')!.textContent = v === undefined ? '–' : `${(100 * v).toFixed(1)} %`
    li.classList.toggle('best', d === best)
    li.dataset['p'] = v === undefined ? '' : String(v)
  }
  $('#predicted').textContent = best < 0 ? '–' : String(best)
}

// -------------------------------------------------------------------------------------
// checkpoints: file picker and drag and drop
// -------------------------------------------------------------------------------------

const loadFile = async (f: File): Promise<void> => {
  const bytes = new Uint8Array(await f.arrayBuffer())
  send({ type: 'load', name: f.name, bytes }, [bytes.buffer])
}
$<HTMLInputElement>('#file').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0]
  if (f !== undefined) void loadFile(f)
})
const drop = $('#drop')
drop.addEventListener('dragover', (e) => {
  e.preventDefault()
  drop.classList.add('dragging')
})
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'))
drop.addEventListener('drop', (e) => {
  e.preventDefault()
  drop.classList.remove('dragging')
  const f = e.dataTransfer?.files[0]
  if (f !== undefined) void loadFile(f)
})

// -------------------------------------------------------------------------------------
// the worker's reports
// -------------------------------------------------------------------------------------

const showError = (message: string): void => {
  const box = $('#error')
  box.hidden = false
  box.textContent = message === 'noModel' ? t('noModel') : message
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data
  if (m.type === 'ready') {
    $('#kernels').textContent = m.fallback === undefined ? m.kernels : `${m.kernels} (${m.fallback})`
    $('#data').textContent = `MNIST: ${m.train} train, ${m.test} test`
    document.body.dataset['kernels'] = m.kernels
  } else if (m.type === 'progress') {
    if (phase !== 'training') showPhase('training')
    history.push(m)
    $('#step').textContent = String(m.step)
    $('#epoch').textContent = String(m.epoch)
    $('#loss').textContent = m.loss.toFixed(4)
    $('#accuracy').textContent = `${(100 * m.accuracy).toFixed(1)} %`
    drawCurves()
  } else if (m.type === 'stopped') showPhase('stopped')
  else if (m.type === 'prediction') showBars(m.probabilities)
  else if (m.type === 'loaded') {
    if (phase === 'training') showPhase('stopped')
    $('#model').textContent = `${t('loaded', { name: m.name })}: ${m.network}, ${t('accuracyLabel')} ${(100 * m.accuracy).toFixed(1)} %`
    document.body.dataset['model'] = 'loaded'
  } else showError(m.message)
}
worker.onerror = (e) => showError(e.message)

$('#start').addEventListener('click', () => {
  const wasStopped = phase === 'stopped'
  showPhase(wasStopped ? 'training' : 'loading')
  send({ type: wasStopped ? 'resume' : 'start' })
})
$('#stop').addEventListener('click', () => send({ type: 'stop' }))
$('#clear').addEventListener('click', clearPad)

setupLang(() => {
  showPhase(phase)
  drawCurves()
})
buildBars()
clearPad()
showPhase('idle')
drawCurves()
document.body.dataset['ready'] = 'true'
