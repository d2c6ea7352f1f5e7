/**
 * Screen updates are decoded as soon as they arrive, several at once, but painted strictly in
 * arrival order: a later update of a region never lands before an earlier one, and a copy
 * (SPEC.md F10) reads the picture every earlier update made. DOM-free, so the ordering is
 * tested with fake decoders.
 */
import {
  type CopySource,
  FrameDecodeError,
  ScreenEncoding,
  type ScreenUpdate,
  decodeCopySource,
} from '@tasuke/protocol'

import { type DecoderTable, decoderFor } from './decode/index'
import { ViewerError, ViewerErrorReason } from './errors'

/** Where the queue paints: the display's canvas, or a fake in tests. */
export interface RenderTarget {
  resize(width: number, height: number): void
  draw(bitmap: ImageBitmap, update: ScreenUpdate): void
  /** Copies the pixels at `source` into the update's region; throws a `ViewerError` if it cannot. */
  copy(source: CopySource, update: ScreenUpdate): void
}

/** What the queue reports, each call in the order the items were pushed. */
export interface RenderEvents {
  /** The update with this frame sequence is on the canvas: the session acks it. */
  onPainted(sequence: number): void
  /** The update with this frame sequence was skipped; later ones are still painted. */
  onSkipped(error: ViewerError, sequence: number): void
}

type Entry =
  | { kind: 'resize'; width: number; height: number }
  | { kind: 'update'; update: ScreenUpdate; sequence: number; bitmap: Promise<ImageBitmap> }
  | { kind: 'copy'; update: ScreenUpdate; sequence: number }

export class RenderQueue {
  readonly #target: RenderTarget
  readonly #decoders: DecoderTable
  readonly #events: RenderEvents
  readonly #entries: Entry[] = []
  #isRunning = false
  #isDisposed = false
  #idleWaiters: (() => void)[] = []

  constructor(target: RenderTarget, decoders: DecoderTable, events: RenderEvents) {
    this.#target = target
    this.#decoders = decoders
    this.#events = events
  }

  /** Queues a screen update; its decode starts now, its paint after every earlier entry. */
  pushUpdate(update: ScreenUpdate, sequence: number): void {
    if (this.#isDisposed) return
    if (update.encoding === ScreenEncoding.Copy) {
      this.#entries.push({ kind: 'copy', update, sequence })
    } else {
      this.#entries.push({ kind: 'update', update, sequence, bitmap: this.#decode(update) })
    }
    this.#run()
  }

  /** Queues a resize of the target, after every update that came before it. */
  pushResize(width: number, height: number): void {
    if (this.#isDisposed) return
    this.#entries.push({ kind: 'resize', width, height })
    this.#run()
  }

  /** Resolves once everything pushed so far has been painted or skipped. */
  idle(): Promise<void> {
    if (!this.#isRunning && this.#entries.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.#idleWaiters.push(resolve))
  }

  /** Drops what is queued; bitmaps still decoding are closed when they arrive. */
  dispose(): void {
    this.#isDisposed = true
    for (const entry of this.#entries.splice(0)) {
      if (entry.kind === 'update') void entry.bitmap.then(closeBitmap, ignore)
    }
  }

  #decode(update: ScreenUpdate): Promise<ImageBitmap> {
    let bitmap: Promise<ImageBitmap>
    try {
      bitmap = decoderFor(this.#decoders, update.encoding)(update.image, update)
    } catch (error) {
      bitmap = Promise.reject(asViewerError(error))
    }
    // Handled in #paint, maybe much later (behind a slow decode): until then the browser must
    // not report the rejection as unhandled.
    bitmap.catch(ignore)
    return bitmap
  }

  #run(): void {
    if (this.#isRunning) return
    this.#isRunning = true
    void this.#drain()
  }

  async #drain(): Promise<void> {
    let entry = this.#entries.shift()
    while (entry !== undefined && !this.#isDisposed) {
      switch (entry.kind) {
        case 'resize':
          this.#target.resize(entry.width, entry.height)
          break
        case 'copy':
          this.#copy(entry.update, entry.sequence)
          break
        case 'update':
          await this.#paint(entry.update, entry.sequence, entry.bitmap)
          break
      }
      entry = this.#entries.shift()
    }
    this.#isRunning = false
    for (const resolve of this.#idleWaiters.splice(0)) resolve()
  }

  async #paint(update: ScreenUpdate, sequence: number, pending: Promise<ImageBitmap>) {
    let bitmap: ImageBitmap
    try {
      bitmap = await pending
    } catch (error) {
      if (!this.#isDisposed) this.#events.onSkipped(asViewerError(error), sequence)
      return
    }
    if (this.#isDisposed) {
      bitmap.close()
      return
    }
    try {
      this.#target.draw(bitmap, update)
    } catch (error) {
      this.#events.onSkipped(asViewerError(error), sequence)
      return
    } finally {
      bitmap.close()
    }
    this.#events.onPainted(sequence)
  }

  #copy(update: ScreenUpdate, sequence: number): void {
    try {
      this.#target.copy(decodeCopySource(update), update)
    } catch (error) {
      // A malformed source only arrives past the protocol's decoder (it refuses those).
      const skipped =
        error instanceof FrameDecodeError
          ? new ViewerError(ViewerErrorReason.BadCopy, error.message, { cause: error })
          : asViewerError(error)
      this.#events.onSkipped(skipped, sequence)
      return
    }
    this.#events.onPainted(sequence)
  }
}

function asViewerError(error: unknown): ViewerError {
  if (error instanceof ViewerError) return error
  const detail = error instanceof Error ? error.message : String(error)
  return new ViewerError(ViewerErrorReason.DecodeFailed, `image not painted: ${detail}`, {
    cause: error,
  })
}

function closeBitmap(bitmap: ImageBitmap): void {
  bitmap.close()
}

function ignore(): void {
  // Deliberately empty: the rejection is reported where the entry is painted.
}
