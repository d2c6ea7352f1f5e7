/**
 * The screen pipeline behind `ScreenStream`: damage -> grab -> tile diff -> scroll copies ->
 * encoding choice -> updates, with at most `maxInFlight` unacknowledged updates (SPEC.md P2).
 * While the window is full, changes only mark tiles; when an ack frees room, those tiles are
 * grabbed again, so the console always gets the newest pixels and never a queue of old states.
 * It shows a view (SPEC.md P8): the whole desktop or one monitor, in coordinates relative to it.
 */
import { type AgentToConsole, ScreenQuality, type ScreenUpdate } from '@tasuke/protocol'

import type {
  CaptureBackend,
  CaptureEvent,
  DesktopGeometry,
  Frame,
  Rect,
} from '../capture/capture.js'
import { type ScreenClock, Timer, systemClock } from './clock.js'
import { CursorTracker } from './cursor-tracker.js'
import { DesktopState } from './desktop-state.js'
import { type EncodingPolicy, MAX_BUFFERED_BYTES, chooseEncodingPolicy } from './encoding-policy.js'
import { InFlightWindow } from './in-flight-window.js'
import { encodeLossless, encodeLossy } from './region-encoding.js'
import type { ScreenStream, ScreenStreamSink, ScreenStreamStats } from './screen-stream.js'
import {
  type ScreenChoice,
  type ScreenView,
  resolveView,
  screenList,
  toViewRect,
} from './screen-view.js'
import { type PlannedCopy, planScrollCopies } from './scroll-copies.js'
import { TileSet } from './tile-set.js'
import { planUpdates } from './update-plan.js'

/**
 * Eight frames: a whole 1080p screen is five 256-row bands, so the first picture (or a
 * refresh) goes out in one window, while a stalled viewer holds at most a few MiB of
 * zlib (typically ~0.3 MB for a whole office screen) between agent and console.
 */
export const DEFAULT_MAX_IN_FLIGHT = 8
/** How often to look again while the link holds more than MAX_BUFFERED_BYTES. */
const BUFFER_RETRY_MS = 50
/** Beyond this many damaged rectangles, one grab of their bounding box is cheaper. */
const MAX_GRABS_PER_BATCH = 8
/** Bytes of a ScreenUpdate before its image (SPEC.md F8). */
const UPDATE_HEADER_BYTES = 9

export interface ScreenStreamOptions {
  capture: CaptureBackend
  sink: ScreenStreamSink
  clock?: ScreenClock
  /** Unacknowledged updates allowed at once (default DEFAULT_MAX_IN_FLIGHT). */
  maxInFlight?: number
  quality?: ScreenQuality
  /** `all` (default) or the id of the monitor to show; an unknown id shows all (SPEC.md P8). */
  screen?: ScreenChoice
  /** The stream stopped by itself: the display went away or capturing failed. */
  onError?: (error: Error) => void
  /** Whether copy updates (F10) may be sent now; not while applications are hidden (P10). */
  allowsCopies?: () => boolean
}

const QUALITIES: ReadonlySet<string> = new Set(Object.values(ScreenQuality))

type StreamState = 'new' | 'starting' | 'running' | 'stopped'

function boundingBox(rects: readonly Rect[]): Rect {
  const left = Math.min(...rects.map((r) => r.x))
  const top = Math.min(...rects.map((r) => r.y))
  const right = Math.max(...rects.map((r) => r.x + r.width))
  const bottom = Math.max(...rects.map((r) => r.y + r.height))
  return { x: left, y: top, width: right - left, height: bottom - top }
}

class ScreenPipeline implements ScreenStream {
  readonly #capture: CaptureBackend
  readonly #sink: ScreenStreamSink
  readonly #clock: ScreenClock
  readonly #window: InFlightWindow
  readonly #onError: ((error: Error) => void) | undefined
  readonly #allowsCopies: (() => boolean) | undefined
  readonly #cursor: CursorTracker
  readonly #pumpTimer: Timer
  readonly #refineTimer: Timer
  #quality: ScreenQuality
  readonly #choice: ScreenChoice
  #view: ScreenView
  #state: StreamState = 'new'
  #desktop: DesktopState
  #isPumping = false
  #lastBatchAt = Number.NEGATIVE_INFINITY
  #updatesSent = 0
  #bytesSent = 0

  constructor(options: ScreenStreamOptions) {
    this.#capture = options.capture
    this.#sink = options.sink
    this.#clock = options.clock ?? systemClock
    this.#window = new InFlightWindow(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT)
    this.#quality = options.quality ?? 'auto'
    this.#onError = options.onError
    this.#allowsCopies = options.allowsCopies
    this.#choice = options.screen ?? 'all'
    this.#view = resolveView(options.capture.geometry(), this.#choice)
    this.#desktop = new DesktopState(this.#view.rect.width, this.#view.rect.height)
    this.#cursor = new CursorTracker({
      capture: options.capture,
      send: (message, isDroppable) => {
        this.#sendMessage(message, isDroppable)
      },
      clock: this.#clock,
      desktopSize: () => this.#desktop,
      origin: () => this.#view.rect,
    })
    this.#pumpTimer = new Timer(this.#clock, () => {
      this.#schedulePump()
    })
    this.#refineTimer = new Timer(this.#clock, () => {
      this.#markRestingLossyTiles()
    })
  }

  async start(): Promise<void> {
    if (this.#state !== 'new') throw new Error(`screen stream cannot start when ${this.#state}`)
    this.#state = 'starting'
    try {
      await this.#capture.start((event) => {
        this.#handleEvent(event)
      })
    } catch (error) {
      this.#state = 'stopped'
      throw error
    }
    if (!this.#isStarting()) return
    // SPEC.md P3: screen-info, the cursor, then the whole screen.
    this.#resetDesktop(this.#capture.geometry())
    await this.#cursor.start()
    if (!this.#isStarting()) return
    this.#state = 'running'
    this.#schedulePump()
  }

  /** A method, not the field: stop() may run while start() awaits. */
  #isStarting(): boolean {
    return this.#state === 'starting'
  }

  acknowledge(sequence: number): void {
    if (this.#state === 'stopped' || !Number.isSafeInteger(sequence)) return
    if (this.#window.acknowledge(sequence, this.#clock.now())) this.#schedulePump()
  }

  refresh(): void {
    if (this.#state !== 'running') return
    // Only flags: however many refreshes arrive, one whole screen goes out per free window.
    this.#desktop.resendAll()
    this.#cursor.resend()
    this.#schedulePump()
  }

  setQuality(quality: ScreenQuality): void {
    // The session validates messages; a value from elsewhere must still not break the policy.
    if (!QUALITIES.has(quality)) return
    this.#quality = quality
    this.#schedulePump()
  }

  stats(): ScreenStreamStats {
    return {
      updatesSent: this.#updatesSent,
      bytesSent: this.#bytesSent,
      updatesInFlight: this.#window.count,
      ackRoundTripMs: this.#window.roundTripMs,
    }
  }

  async stop(): Promise<void> {
    if (this.#state === 'stopped') return
    this.#state = 'stopped'
    this.#pumpTimer.cancel()
    this.#refineTimer.cancel()
    this.#cursor.stop()
    try {
      await this.#capture.stop()
    } catch {
      // A display that went away has nothing left to stop.
    }
  }

  #handleEvent(event: CaptureEvent): void {
    if (this.#state === 'stopped') return
    switch (event.type) {
      case 'damage':
        for (const rect of event.rects) {
          const inView = toViewRect(rect, this.#view.rect)
          if (inView !== null) this.#desktop.damaged.addRect(inView)
        }
        this.#schedulePump()
        return
      case 'cursor-shape':
        this.#cursor.handleShapeChange(event.serial)
        return
      case 'geometry':
        this.#resetDesktop(event.geometry)
        this.#cursor.resend()
        this.#schedulePump()
        return
      case 'display-lost':
        this.#fail(new Error(`the display went away: ${event.reason}`))
        return
    }
  }

  #resetDesktop(geometry: DesktopGeometry): void {
    this.#view = resolveView(geometry, this.#choice)
    const { width, height } = this.#view.rect
    this.#desktop = new DesktopState(width, height)
    this.#refineTimer.cancel()
    this.#sendMessage({ type: 'screen-info', width, height }, false)
    this.#sendMessage(screenList(geometry, this.#view.selected), false)
  }

  /** Grabs `rect` of the view; the frame's position is relative to the view too. */
  async #grab(rect: Rect): Promise<Frame> {
    const { x, y } = this.#view.rect
    const frame = await this.#capture.grab({ ...rect, x: rect.x + x, y: rect.y + y })
    return { ...frame, x: frame.x - x, y: frame.y - y }
  }

  #sendMessage(message: AgentToConsole, isDroppable: boolean): void {
    if (this.#state === 'stopped') return
    this.#sink.sendMessage(message, isDroppable)
  }

  #policy(): EncodingPolicy {
    return chooseEncodingPolicy(this.#quality, {
      roundTripMs: this.#window.roundTripMs,
      bufferedBytes: this.#sink.bufferedBytes(),
    })
  }

  /** Starts a batch now if there is work, room in the window and time since the last. */
  #schedulePump(): void {
    if (this.#state !== 'running' || this.#isPumping || !this.#desktop.hasWork) return
    if (this.#window.room <= 0) return // an ack calls again
    if (this.#sink.bufferedBytes() > MAX_BUFFERED_BYTES) {
      this.#pumpTimer.armWithin(BUFFER_RETRY_MS)
      return
    }
    const policy = this.#policy()
    const wait = this.#lastBatchAt + policy.minBatchIntervalMs - this.#clock.now()
    if (wait > 0) {
      this.#pumpTimer.armWithin(wait)
      return
    }
    this.#pumpTimer.cancel()
    void this.#pump(policy)
  }

  async #pump(policy: EncodingPolicy): Promise<void> {
    this.#isPumping = true
    try {
      await this.#sendBatch(policy)
    } catch (error) {
      this.#fail(error instanceof Error ? error : new Error(String(error)))
    } finally {
      this.#isPumping = false
    }
    this.#schedulePump()
  }

  async #sendBatch(policy: EncodingPolicy): Promise<void> {
    const desktop = this.#desktop
    const isCurrent = () => this.#state === 'running' && this.#desktop === desktop
    this.#lastBatchAt = this.#clock.now()
    const isWholeScreen = desktop.needsFullGrab
    const { changed, copies } = await this.#grabChanges(desktop, isCurrent)
    if (!isCurrent()) return
    const now = this.#clock.now()
    // A whole screen sent again (start, refresh) is not motion: the pixels did not change.
    if (!isWholeScreen) desktop.history.recordChanges(changed, now)
    for (const tile of changed) {
      desktop.unsent.add(tile)
      desktop.refine.delete(tile) // it moved again: its encoding is chosen afresh
    }
    // Copies first: their sources are the viewer's picture before any update of this batch.
    let isLossySent = false
    for (const copy of copies) isLossySent = this.#sendCopy(desktop, copy, now) || isLossySent
    const plan = planUpdates({
      tiles: desktop.unsent,
      refine: desktop.refine,
      pixels: desktop.differ.pixels,
      history: desktop.history,
      policy,
    })
    for (const { rect, isLossy } of plan.slice(0, Math.max(0, this.#window.room))) {
      const update = isLossy
        ? encodeLossy(desktop.differ.pixels, rect, policy.jpegQuality)
        : encodeLossless(desktop.differ.pixels, rect)
      if (!isCurrent()) return
      this.#sendUpdate(update)
      for (const tile of desktop.unsent.tilesOf(rect)) {
        desktop.unsent.delete(tile)
        desktop.refine.delete(tile)
        desktop.history.recordSent(tile, isLossy, now)
      }
      isLossySent ||= isLossy
    }
    if (isLossySent) this.#markRestingLossyTiles()
  }

  /** Sends a copy and records the tiles it made right; returns whether it left lossy ones. */
  #sendCopy(desktop: DesktopState, copy: PlannedCopy, now: number): boolean {
    this.#sendUpdate(copy.update)
    for (const [tiles, isLossy] of [
      [copy.exactTiles, false],
      [copy.lossyTiles, true],
    ] as const) {
      for (const tile of tiles) {
        desktop.unsent.delete(tile)
        desktop.refine.delete(tile)
        desktop.history.recordSent(tile, isLossy, now)
      }
    }
    for (const tile of copy.taintedTiles) {
      if (!desktop.unsent.has(tile)) desktop.history.recordSent(tile, true, now)
    }
    return copy.lossyTiles.length + copy.taintedTiles.length > 0
  }

  /**
   * Grabs the damaged tiles and those still unsent (their newest pixels), feeds them to the
   * differ and returns the tiles whose pixels changed, and the copies (scrolls) that turn
   * the viewer's picture into the new one, at most one per free slot of the window.
   */
  async #grabChanges(
    desktop: DesktopState,
    isCurrent: () => boolean,
  ): Promise<{ changed: number[]; copies: PlannedCopy[] }> {
    const copies: PlannedCopy[] = []
    const written = new TileSet(desktop.width, desktop.height, desktop.unsent.tileSize)
    const isWholeScreen = desktop.needsFullGrab
    let rects: Rect[]
    if (desktop.needsFullGrab) {
      desktop.needsFullGrab = false
      rects = [{ x: 0, y: 0, width: desktop.width, height: desktop.height }]
    } else {
      for (const tile of desktop.unsent) desktop.damaged.add(tile)
      rects = desktop.damaged.toRects()
      if (rects.length > MAX_GRABS_PER_BATCH) rects = [boundingBox(rects)]
    }
    desktop.damaged.clear()
    const changed: number[] = []
    for (const rect of rects) {
      const frame = await this.#grab(rect)
      if (!isCurrent()) return { changed: [], copies: [] }
      if (frame.width === 0 || frame.height === 0) continue
      const previous = desktop.differ.pixels
      const detect = (changedRects: readonly Rect[]) => {
        const maxCopies = this.#window.room - copies.length
        if (isWholeScreen || maxCopies <= 0 || this.#allowsCopies?.() === false) return
        const { unsent, history } = desktop
        const input = { previous, next: frame, changed: changedRects, unsent, history, written }
        copies.push(...planScrollCopies({ ...input, maxCopies }))
      }
      for (const region of desktop.differ.update(frame, detect)) {
        for (const tile of desktop.unsent.tilesOf(region)) changed.push(tile)
      }
    }
    return { changed, copies }
  }

  #sendUpdate(update: ScreenUpdate): void {
    const sequence = this.#sink.sendUpdate(update, false)
    const bytes = UPDATE_HEADER_BYTES + update.image.byteLength
    this.#window.add(sequence, bytes, this.#clock.now())
    this.#updatesSent += 1
    this.#bytesSent += bytes
  }

  /** Queues lossy tiles that have rested long enough for a lossless copy; re-arms the timer. */
  #markRestingLossyTiles(): void {
    if (this.#state !== 'running') return
    const desktop = this.#desktop
    const now = this.#clock.now()
    const { tiles, nextDueAt } = desktop.history.dueForRefinement(now)
    for (const tile of tiles) {
      if (desktop.unsent.has(tile)) continue // already on its way, encoding chosen afresh
      desktop.refine.add(tile)
      desktop.unsent.add(tile)
    }
    if (nextDueAt !== null) this.#refineTimer.armWithin(nextDueAt - now)
    if (tiles.length > 0) this.#schedulePump()
  }

  #fail(error: Error): void {
    if (this.#state === 'stopped') return
    void this.stop()
    this.#onError?.(error)
  }
}

/** A stream for one end-to-end pairing; call `start()` once, `stop()` when the pairing ends. */
export function createScreenStream(options: ScreenStreamOptions): ScreenStream {
  return new ScreenPipeline(options)
}
