/** DOM pointer events on the display canvas → protocol `pointer-event` and `wheel-event`. */
import { normaliseWheel, type Point, toRemoteButtons, toRemotePoint } from './pointer-mapping'
import { type PointerMessage, PointerSender } from './pointer-sender'

export type { PointerMessage } from './pointer-sender'

export interface PointerInputOptions {
  send: (message: PointerMessage) => void
  /** Called on every press on the canvas, e.g. to focus the keyboard target. */
  onPress?: () => void
  isViewOnly?: boolean
}

export class PointerInput {
  readonly #canvas: HTMLCanvasElement
  readonly #sender: PointerSender
  readonly #onPress: (() => void) | undefined
  readonly #abort = new AbortController()

  constructor(canvas: HTMLCanvasElement, options: PointerInputOptions) {
    this.#canvas = canvas
    this.#onPress = options.onPress
    const view = canvas.ownerDocument.defaultView ?? window
    this.#sender = new PointerSender({
      send: options.send,
      scheduleFrame: (callback) => view.requestAnimationFrame(callback),
    })
    this.#sender.setViewOnly(options.isViewOnly ?? false)
    // Touch and pen drags go to the remote screen, not to page scrolling.
    canvas.style.touchAction = 'none'

    const signal = this.#abort.signal
    canvas.addEventListener('pointermove', this.#handleMove, { signal })
    canvas.addEventListener('pointerdown', this.#handlePress, { signal })
    canvas.addEventListener('pointerup', this.#handlePress, { signal })
    canvas.addEventListener('wheel', this.#handleWheel, { signal, passive: false })
    // The secondary button belongs to the remote screen, not to the page's context menu.
    canvas.addEventListener('contextmenu', preventDefault, { signal })
  }

  setViewOnly(isViewOnly: boolean): void {
    this.#sender.setViewOnly(isViewOnly)
  }

  dispose(): void {
    this.#abort.abort()
  }

  readonly #handleMove = (event: PointerEvent): void => {
    this.#sender.move(this.#remote(event), toRemoteButtons(event.buttons))
  }

  readonly #handlePress = (event: PointerEvent): void => {
    event.preventDefault()
    if (event.type === 'pointerdown') {
      // Capture keeps a drag going past the canvas edge; its position clamps to the edge.
      this.#canvas.setPointerCapture(event.pointerId)
      this.#onPress?.()
    }
    this.#sender.press(this.#remote(event), toRemoteButtons(event.buttons))
  }

  readonly #handleWheel = (event: WheelEvent): void => {
    event.preventDefault()
    const { deltaX, deltaY } = normaliseWheel(event, this.#canvas.height)
    this.#sender.wheel(this.#remote(event), deltaX, deltaY)
  }

  #remote(event: MouseEvent): Point {
    return toRemotePoint(
      { x: event.clientX, y: event.clientY },
      this.#canvas.getBoundingClientRect(),
      { width: this.#canvas.width, height: this.#canvas.height },
    )
  }
}

function preventDefault(event: Event): void {
  event.preventDefault()
}
