/**
 * The demo's labels in English and Japanese (the lecture is Japanese). An element with
 * `data-i18n="key"` gets the text, `data-i18n-label="key"` the accessible name (aria-label); the
 * pages call `t(key)` for text they build. The language comes from `?lang=`, else the last choice
 * (localStorage), else the browser's language.
 */
export type Lang = 'en' | 'ja'

const en = {
  title: 'kanzen — the lecture in a browser',
  navHand: 'By hand',
  navTrain: 'Train MNIST',
  langSwitch: '日本語',
  langSwitchLabel: 'Switch the language to Japanese',
  skip: 'Skip to the content',
  handTitle: 'Exercise ③ by hand: 3 inputs → 3 ReLU → softmax, cross-entropy',
  handIntro:
    'Every number below is computed by the kanzen library (float64) from the inputs you can edit. Step through the forward pass, the backward pass and one update of gradient descent.',
  lossBefore: 'loss before the step',
  lossAfter: 'loss after one step',
  improvement: 'improvement',
  prev: '◀ Previous',
  next: 'Next ▶',
  first: '|◀ Start',
  all: 'Show all',
  stepOf: 'Step {i} of {n}',
  classes3: '3 output classes (shows the lecture’s softmax derivative)',
  label: 'label (class)',
  resetNumbers: 'Reset the numbers',
  parameters: 'Inputs and parameters (editable)',
  forward: 'Forward pass',
  backward: 'Backward pass',
  update: 'Update',
  formulas: 'The formulas, in order',
  diagram: 'The network',
  invalid: 'not a number',
  'step.start': 'The network, the sample x, its target t, the weights and the learning rate η.',
  'step.a1': 'Each hidden unit sums its weighted inputs and adds its bias.',
  'step.x1': 'ReLU keeps the positive values and sets the negative ones to 0.',
  'step.a2': 'Each output unit sums the hidden outputs times its weights, plus its bias.',
  'step.x2': 'Softmax turns the scores into probabilities that sum to 1.',
  'step.loss': 'Cross-entropy: minus the log of the probability of the correct class.',
  'step.delta2': 'The output error: with softmax and cross-entropy it is simply x² − t.',
  'step.dW2': 'The gradient of each output weight: hidden output times output error.',
  'step.db2': 'The gradient of each output bias is the output error itself.',
  'step.delta1': 'The error flows back through W², and ReLU′ lets it through only where a¹ > 0.',
  'step.dW1': 'The gradient of each hidden weight: input times hidden error.',
  'step.db1': 'The gradient of each hidden bias is the hidden error itself.',
  'step.update': 'Every parameter moves a step of size η against its gradient; the loss is computed again.',
  lectureTitle: 'The lecture’s softmax derivative beside the true one',
  lectureText:
    'The lecture differentiates softmax element by element, δⱼ = ∂L/∂xⱼ · xⱼ(1 − xⱼ), ignoring that every output depends on every score. For 2 classes the result happens to be right; from 3 classes on only the true y − t (here x² − t) is.',
  lectureRow: 'lecture: ∂L/∂x · x(1 − x)',
  truthRow: 'true: x² − t',
  trainTitle: 'MNIST trained in your browser',
  trainIntro:
    'A 784 → 128 ReLU → 10 network learns from a subset of MNIST in a Web Worker, with the library’s WebAssembly kernels. Then draw a digit.',
  start: 'Train',
  stop: 'Stop',
  resume: 'Resume',
  status: 'Status',
  kernels: 'kernels',
  dataLabel: 'data',
  stepLabel: 'step',
  epochLabel: 'epoch',
  lossLabel: 'training loss',
  accuracyLabel: 'test accuracy',
  curves: 'Loss (left, blue) and test accuracy (right, orange) while training',
  draw: 'Draw a digit',
  drawHelp: 'Draw one digit with the mouse, a pen or a finger. It is prepared as MNIST was: bounding box scaled to 20 × 20, centred by centre of mass in 28 × 28.',
  clear: 'Clear',
  preprocessed: 'what the network sees (28 × 28)',
  probabilities: 'Probabilities',
  prediction: 'prediction',
  load: 'Load model.safetensors (from npm run mnist)',
  drop: '…or drop a model.safetensors file here.',
  loaded: 'loaded {name}',
  loading: 'loading the data…',
  ready: 'ready',
  training: 'training',
  paused: 'stopped',
  noModel: 'train or load a model first'
} as const

export type Key = keyof typeof en

const ja: Record<Key, string> = {
  title: 'kanzen — 講義をブラウザで',
  navHand: '手計算',
  navTrain: 'MNIST を学習',
  langSwitch: 'English',
  langSwitchLabel: '表示言語を英語に切り替える',
  skip: '本文へ移動',
  handTitle: '演習③を手計算で: 入力 3 → ReLU 3 → ソフトマックス、交差エントロピー',
  handIntro:
    '下の数値はすべて、編集できる入力から kanzen ライブラリ(float64)が計算しています。順伝播、逆伝播、勾配法による 1 回の更新を一歩ずつ進めてください。',
  lossBefore: '更新前の損失',
  lossAfter: '1 回更新した後の損失',
  improvement: '改善',
  prev: '◀ 前へ',
  next: '次へ ▶',
  first: '|◀ 最初へ',
  all: 'すべて表示',
  stepOf: 'ステップ {i} / {n}',
  classes3: '出力 3 クラス(講義のソフトマックスの微分を表示)',
  label: '正解ラベル(クラス)',
  resetNumbers: '数値を元に戻す',
  parameters: '入力とパラメータ(編集可)',
  forward: '順伝播',
  backward: '逆伝播',
  update: '更新',
  formulas: '計算式(順番に)',
  diagram: 'ネットワーク',
  invalid: '数値ではありません',
  'step.start': 'ネットワーク、サンプル x、教師信号 t、重み、学習率 η。',
  'step.a1': '中間層の各ユニットは、重み付きの入力の和にバイアスを足します。',
  'step.x1': 'ReLU は正の値をそのまま通し、負の値を 0 にします。',
  'step.a2': '出力層の各ユニットは、中間層の出力と重みの積の和にバイアスを足します。',
  'step.x2': 'ソフトマックスがスコアを和が 1 の確率に変えます。',
  'step.loss': '交差エントロピー: 正解クラスの確率の対数にマイナスを付けたもの。',
  'step.delta2': '出力層の誤差: ソフトマックスと交差エントロピーでは単に x² − t です。',
  'step.dW2': '出力層の重みの勾配: 中間層の出力 × 出力層の誤差。',
  'step.db2': '出力層のバイアスの勾配は、出力層の誤差そのものです。',
  'step.delta1': '誤差は W² を通って逆向きに伝わり、ReLU′ は a¹ > 0 のところだけ通します。',
  'step.dW1': '中間層の重みの勾配: 入力 × 中間層の誤差。',
  'step.db1': '中間層のバイアスの勾配は、中間層の誤差そのものです。',
  'step.update': 'すべてのパラメータを勾配と逆向きに η だけ動かし、損失をもう一度計算します。',
  lectureTitle: '講義のソフトマックスの微分と正しい微分',
  lectureText:
    '講義ではソフトマックスを要素ごとに δⱼ = ∂L/∂xⱼ · xⱼ(1 − xⱼ) と微分し、どの出力もすべてのスコアに依存することを無視しています。2 クラスでは結果がたまたま正しく、3 クラス以上では正しいのは y − t(ここでは x² − t)だけです。',
  lectureRow: '講義: ∂L/∂x · x(1 − x)',
  truthRow: '正しい値: x² − t',
  trainTitle: 'ブラウザの中で MNIST を学習',
  trainIntro:
    '784 → ReLU 128 → 10 のネットワークが、Web Worker の中でライブラリの WebAssembly カーネルを使い、MNIST の一部から学習します。そのあと数字を書いてみてください。',
  start: '学習開始',
  stop: '停止',
  resume: '再開',
  status: '状態',
  kernels: 'カーネル',
  dataLabel: 'データ',
  stepLabel: 'ステップ',
  epochLabel: 'エポック',
  lossLabel: '訓練損失',
  accuracyLabel: 'テスト正解率',
  curves: '学習中の損失(左軸、青)とテスト正解率(右軸、橙)',
  draw: '数字を書く',
  drawHelp: 'マウス、ペン、指で数字を 1 つ書いてください。MNIST と同じ前処理をします: 外接矩形を 20 × 20 に縮小し、重心で 28 × 28 の中央に置きます。',
  clear: '消す',
  preprocessed: 'ネットワークが見る画像(28 × 28)',
  probabilities: '確率',
  prediction: '予測',
  load: 'model.safetensors を読み込む(npm run mnist で作成)',
  drop: '…またはここに model.safetensors をドロップ。',
  loaded: '{name} を読み込みました',
  loading: 'データを読み込み中…',
  ready: '準備完了',
  training: '学習中',
  paused: '停止中',
  noModel: '先に学習するかモデルを読み込んでください'
}

const dictionaries: Record<Lang, Record<Key, string>> = { en, ja }

const stored = (): string | null => {
  try {
    return localStorage.getItem('kanzen-lang')
  } catch {
    return null
  }
}

/** The language to show: `?lang=`, the stored choice, or the browser's. */
export const initialLang = (): Lang => {
  const q = new URLSearchParams(location.search).get('lang') ?? stored() ?? navigator.language
  return q.startsWith('ja') ? 'ja' : 'en'
}

let lang: Lang = 'en'

export const currentLang = (): Lang => lang

/** The text of `key`, with `{name}` placeholders filled. */
export const t = (key: Key, values: Readonly<Record<string, string | number>> = {}): string =>
  dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`))

/** Show the page in `next` and remember the choice. */
export const setLang = (next: Lang): void => {
  lang = next
  document.documentElement.lang = next
  try {
    localStorage.setItem('kanzen-lang', next)
  } catch {
    // storage may be disabled; the choice then lasts for this page only
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset['i18n'] as Key)
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset['i18nLabel'] as Key))
  document.title = t('title')
}

/** Wire the language button; `onChange` re-renders the page's generated text. */
export const setupLang = (onChange: () => void): void => {
  setLang(initialLang())
  const button = document.querySelector<HTMLButtonElement>('#lang')
  button?.addEventListener('click', () => {
    setLang(lang === 'en' ? 'ja' : 'en')
    onChange()
  })
}
