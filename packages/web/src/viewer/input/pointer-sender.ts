/**
 * Turns pointer activity in remote coordinates into protocol messages. Moves are coalesced to
 * the latest one per animation frame, so a stale position is never queued; a press, release
 * or wheel goes out at once and makes a pending move moot (it carries its own position).
 * DOM-free: the frame scheduler is injected.
 */
import type { Point } from './pointer-mapping'
import type { PointerEventMessage, WheelEventMessage } from './messages'

export type PointerMessage = PointerEventMessage | WheelEventMessage

export interface PointerSenderOptions {
  send: (message: PointerMessage) => void
  /** Calls back once before the next paint (`requestAnimationFrame` in a page). */
  scheduleFrame: (callback: () => void) => void
}

export class PointerSender {
  readonly #send: (message: PointerMessage) => void
  readonly #scheduleFrame: (callback: () => void) => void
  #pendingMove: PointerEventMessage | null = null
  #isFrameScheduled = false
  #lastSent: PointerEventMessage | null = null
  #isViewOnly = false

  constructor(options: PointerSenderOptions) {
    this.#send = options.send
    this.#scheduleFrame = options.scheduleFrame
  }

  /** View-only drops all input, including a move waiting for its frame. */
  setViewOnly(isViewOnly: boolean): void {
    this.#isViewOnly = isViewOnly
    if (isViewOnly) this.#pendingMove = null
  }

  /** The pointer moved (buttons held or not); sent at the next frame unless superseded. */
  move(point: Point, buttons: number): void {
    if (this.#isViewOnly) return
    this.#pendingMove = { type: 'pointer-event', x: point.x, y: point.y, buttons }
    if (this.#isFrameScheduled) return
    this.#isFrameScheduled = true
    this.#scheduleFrame(() => {
      this.#isFrameScheduled = false
      const move = this.#pendingMove
      this.#pendingMove = null
      if (move !== null && !isSameAsLast(move, this.#lastSent)) this.#emit(move)
    })
  }

  /** A button went down or up: `buttons` is the set held after the change. */
  press(point: Point, buttons: number): void {
    if (this.#isViewOnly) return
    this.#pendingMove = null
    this.#emit({ type: 'pointer-event', x: point.x, y: point.y, buttons })
  }

  /** A wheel turn at a point, deltas in pixels. */
  wheel(point: Point, deltaX: number, deltaY: number): void {
    if (this.#isViewOnly || (deltaX === 0 && deltaY === 0)) return
    const move = this.#pendingMove
    this.#pendingMove = null
    // The pointer should be where the wheel turns before it turns (buttons as last moved).
    if (move !== null) this.#emit({ ...move, x: point.x, y: point.y })
    this.#send({ type: 'wheel-event', x: point.x, y: point.y, deltaX, deltaY })
  }

  #emit(message: PointerEventMessage): void {
    this.#lastSent = message
    this.#send(message)
  }
}

function isSameAsLast(message: PointerEventMessage, last: PointerEventMessage | null): boolean {
  return (
    last !== null &&
    last.x === message.x &&
    last.y === message.y &&
    last.buttons === message.buttons
  )
}
