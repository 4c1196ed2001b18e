/** Messages between page "train" and its Web Worker. */
export type ToWorker =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'resume' }
  | { readonly type: 'predict'; readonly pixels: Float32Array }
  | { readonly type: 'load'; readonly name: string; readonly bytes: Uint8Array }

export interface Progress {
  readonly step: number
  readonly epoch: number
  /** Mean training loss over the batches since the last report. */
  readonly loss: number
  /** Accuracy on the bundled test images. */
  readonly accuracy: number
  readonly seconds: number
}

export type FromWorker =
  | { readonly type: 'ready'; readonly kernels: string; readonly fallback: string | undefined; readonly train: number; readonly test: number }
  | ({ readonly type: 'progress' } & Progress)
  | { readonly type: 'stopped' }
  | { readonly type: 'prediction'; readonly probabilities: ReadonlyArray<number> }
  | { readonly type: 'loaded'; readonly name: string; readonly network: string; readonly accuracy: number }
  | { readonly type: 'error'; readonly message: string }
