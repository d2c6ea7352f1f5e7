/**
 * Sends the cursor apart from the picture (SPEC.md P1): its shape when the backend reports a
 * new one, and its position, polled quickly while it moves and slowly while it rests.
 */
import type { AgentToConsole } from '@tasuke/protocol'

import type { CaptureBackend, Point } from '../capture/capture.js'
import { type ScreenClock, Timer } from './clock.js'
import { toCursorShape } from './cursor-image.js'

/** ~60 polls/s while the pointer moves: as smooth as the picture itself. */
export const CURSOR_POLL_MOVING_MS = 16
/** ~10 polls/s at rest: the first move is seen within 100 ms, for 0.25 ms per query. */
export const CURSOR_POLL_IDLE_MS = 100
/** How long after the last move the fast polling continues. */
const MOVING_FOR_MS = 1000
const MAX_COORDINATE = 65_535

export class CursorTracker {
  readonly #capture: CaptureBackend
  readonly #send: (message: AgentToConsole, isDroppable: boolean) => void
  readonly #clock: ScreenClock
  readonly #desktopSize: () => { width: number; height: number }
  readonly #origin: () => Point
  readonly #pollTimer: Timer
  #isRunning = false
  #lastSerial: number | null = null
  #isFetchingShape = false
  #isShapeWanted = false
  #last: { x: number; y: number; visible: boolean } | null = null
  #lastMoveAt = Number.NEGATIVE_INFINITY

  constructor(parts: {
    capture: CaptureBackend
    send: (message: AgentToConsole, isDroppable: boolean) => void
    clock: ScreenClock
    desktopSize: () => { width: number; height: number }
    /** The shown view's top-left corner in desktop coordinates (positions are relative to it). */
    origin: () => Point
  }) {
    this.#capture = parts.capture
    this.#send = parts.send
    this.#clock = parts.clock
    this.#desktopSize = parts.desktopSize
    this.#origin = parts.origin
    this.#pollTimer = new Timer(parts.clock, () => void this.#poll())
  }

  /** Sends the current shape and position, then keeps following the position. */
  async start(): Promise<void> {
    this.#isRunning = true
    this.#isShapeWanted = true
    await this.#fetchShape()
    await this.#poll()
  }

  stop(): void {
    this.#isRunning = false
    this.#pollTimer.cancel()
  }

  /** Sends everything again on the next poll (after a refresh or a new screen size). */
  resend(): void {
    this.#last = null
    this.handleShapeChange(null)
  }

  /** The backend reports a new shape (`null`: send the current one whatever its serial). */
  handleShapeChange(serial: number | null): void {
    if (serial !== null && serial === this.#lastSerial) return
    if (serial === null) this.#lastSerial = null
    this.#isShapeWanted = true
    if (!this.#isFetchingShape) void this.#fetchShape()
  }

  /** A method, not the field: the answer may change while a query is awaited. */
  #isActive(): boolean {
    return this.#isRunning
  }

  async #fetchShape(): Promise<void> {
    this.#isFetchingShape = true
    try {
      while (this.#isShapeWanted && this.#isRunning) {
        this.#isShapeWanted = false
        const image = await this.#capture.cursorImage()
        if (!this.#isActive() || image.serial === this.#lastSerial) continue
        this.#lastSerial = image.serial
        this.#send(toCursorShape(image), false)
      }
    } catch {
      // No cursor image (no XFIXES, or the display went away): the viewer keeps its own.
    } finally {
      this.#isFetchingShape = false
    }
  }

  async #poll(): Promise<void> {
    if (!this.#isRunning) return
    try {
      this.#sendPosition(await this.#capture.cursorPosition())
    } catch {
      // The display went away; `display-lost` stops the stream.
    }
    if (!this.#isActive()) return
    const isMoving = this.#clock.now() - this.#lastMoveAt < MOVING_FOR_MS
    this.#pollTimer.armWithin(isMoving ? CURSOR_POLL_MOVING_MS : CURSOR_POLL_IDLE_MS)
  }

  #sendPosition(desktopPoint: Point): void {
    if (!this.#isRunning) return
    const origin = this.#origin()
    const point = { x: desktopPoint.x - origin.x, y: desktopPoint.y - origin.y }
    const { width, height } = this.#desktopSize()
    const x = Math.max(0, Math.min(MAX_COORDINATE, Math.round(point.x)))
    const y = Math.max(0, Math.min(MAX_COORDINATE, Math.round(point.y)))
    const visible = point.x >= 0 && point.y >= 0 && point.x < width && point.y < height
    const last = this.#last
    if (last !== null && last.x === x && last.y === y && last.visible === visible) return
    if (last !== null) this.#lastMoveAt = this.#clock.now()
    this.#last = { x, y, visible }
    // Droppable: a newer position makes a lost one irrelevant.
    this.#send({ type: 'cursor-position', x, y, visible }, true)
  }
}
