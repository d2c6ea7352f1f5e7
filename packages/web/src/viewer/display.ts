/**
 * The remote screen on a canvas: owns the canvas, sizes it to the remote screen, and paints
 * screen updates through the render queue, reporting each painted one so the session can ack
 * it (DESIGN.md lesson 1). Nothing is drawn that the agent did not send.
 */
import type { ScreenUpdate } from '@tasuke/protocol'

import { DECODERS, type DecoderTable } from './decode/index'
import { ViewerError, ViewerErrorReason } from './errors'
import { RenderQueue } from './render-queue'
import { ScaleMode, type Size, displaySize } from './scale'

export interface DisplayOptions {
  /** The update with this frame sequence is painted: send `ack`. */
  onPainted?: (sequence: number) => void
  /** The update with this frame sequence was skipped (unknown encoding, bad image). */
  onSkipped?: (error: ViewerError, sequence: number) => void
  /** Decoders by encoding; the browser's by default. */
  decoders?: DecoderTable
  scaleMode?: ScaleMode
}

export class Display {
  /** The canvas, inside the container this display was given. */
  readonly canvas: HTMLCanvasElement
  readonly #container: HTMLElement
  readonly #context: CanvasRenderingContext2D
  readonly #queue: RenderQueue
  readonly #resizeObserver: ResizeObserver
  #screen: Size = { width: 0, height: 0 }
  #scaleMode: ScaleMode

  constructor(container: HTMLElement, options: DisplayOptions = {}) {
    this.#container = container
    this.#scaleMode = options.scaleMode ?? ScaleMode.Fit
    this.canvas = container.ownerDocument.createElement('canvas')
    this.canvas.width = 0
    this.canvas.height = 0
    this.canvas.style.display = 'block'
    const context = this.canvas.getContext('2d', { alpha: false })
    if (context === null) throw new Error('the browser gave no 2D canvas context')
    this.#context = context
    container.append(this.canvas)
    // Overlays (the remote cursor) are placed relative to the container.
    if (container.style.position === '') container.style.position = 'relative'

    const onPainted = options.onPainted ?? noop
    const onSkipped = options.onSkipped ?? noop
    this.#queue = new RenderQueue(
      {
        resize: (width, height) => {
          // Assigning a canvas size clears it, even to the same size: a resumed session keeps
          // its last picture until the new full screen arrives.
          if (this.canvas.width === width && this.canvas.height === height) return
          this.canvas.width = width
          this.canvas.height = height
          this.#layout()
        },
        draw: (bitmap, update) => {
          // Only the declared region: a bitmap larger than it never spills past it.
          this.#context.drawImage(
            bitmap,
            0,
            0,
            update.width,
            update.height,
            update.x,
            update.y,
            update.width,
            update.height,
          )
        },
        copy: (source, update) => {
          const { width, height } = this.canvas
          if (source.x + update.width > width || source.y + update.height > height) {
            throw new ViewerError(
              ViewerErrorReason.BadCopy,
              `copy source ${source.x},${source.y} ${update.width} × ${update.height} is outside the ${width} × ${height} screen`,
            )
          }
          // The canvas onto itself: browsers read the source before writing, so overlap is fine.
          this.#context.drawImage(
            this.canvas,
            source.x,
            source.y,
            update.width,
            update.height,
            update.x,
            update.y,
            update.width,
            update.height,
          )
        },
      },
      options.decoders ?? DECODERS,
      { onPainted, onSkipped },
    )
    this.#resizeObserver = new ResizeObserver(() => {
      this.#layout()
    })
    this.#resizeObserver.observe(container)
  }

  /** The remote screen size in pixels, as of the last `resize` (0 × 0 before the first). */
  get screen(): Size {
    return this.#screen
  }

  get scaleMode(): ScaleMode {
    return this.#scaleMode
  }

  /** Handles `screen-info`: the canvas takes the new size after the updates queued before it. */
  resize(width: number, height: number): void {
    this.#screen = { width, height }
    this.#queue.pushResize(width, height)
  }

  /** Queues a decoded `ScreenUpdate` frame payload with the sequence of the frame carrying it. */
  applyUpdate(update: ScreenUpdate, sequence: number): void {
    this.#queue.pushUpdate(update, sequence)
  }

  setScaleMode(mode: ScaleMode): void {
    this.#scaleMode = mode
    this.#layout()
  }

  /** Resolves once every update applied so far is painted or skipped. */
  idle(): Promise<void> {
    return this.#queue.idle()
  }

  dispose(): void {
    this.#queue.dispose()
    this.#resizeObserver.disconnect()
    this.canvas.remove()
  }

  // Fit scales with CSS only: the canvas keeps one pixel per remote pixel.
  #layout(): void {
    const screen = { width: this.canvas.width, height: this.canvas.height }
    if (screen.width === 0 || screen.height === 0) return
    const container = {
      width: this.#container.clientWidth,
      height: this.#container.clientHeight,
    }
    const size = displaySize(this.#scaleMode, screen, container)
    this.canvas.style.width = `${size.width}px`
    this.canvas.style.height = `${size.height}px`
    // 1:1 scrolls inside the container; fit never needs to.
    this.#container.style.overflow = this.#scaleMode === ScaleMode.Fit ? 'hidden' : 'auto'
  }
}

function noop(): void {
  // No listener given.
}
