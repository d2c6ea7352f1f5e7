/**
 * Capture that shows only what the customer chose (SPEC.md P10): while the restriction is on,
 * every pixel of a grabbed frame outside the visible region is overwritten with one mask
 * colour before the frame leaves, so no encoder ever sees it; a change of the region is
 * reported as damage of the whole desktop, so the viewer is repainted; the cursor is hidden
 * while it is over the mask.
 * @module
 */
import {
  intersectRegion,
  isSameRegion,
  regionContains,
  type Region,
  subtractRegion,
} from '../windows/region.js'
import type {
  CaptureBackend,
  CaptureEvent,
  CursorImage,
  DesktopGeometry,
  Frame,
  Point,
  Rect,
} from './capture.js'

/** Mid grey, as B, G, R, X: plain, so it is plainly not part of any application. */
export const MASK_PIXEL: readonly [number, number, number, number] = [0x40, 0x40, 0x40, 0]

/** Where the visible region comes from (`windows/window-restriction.ts`). */
export interface MaskSource {
  /** `null` while nothing is masked. */
  visibleRegion(): Region | null
  /** Resolves once the region reflects every window change made before the call. */
  settle(): Promise<void>
  onChange(listener: () => void): () => void
}

/** A point no screen contains: the stream then sends the cursor as not visible. */
const HIDDEN_CURSOR: Point = { x: -1, y: -1 }

export class MaskedCapture implements CaptureBackend {
  readonly #inner: CaptureBackend
  readonly #mask: MaskSource
  #stopWatching: (() => void) | null = null

  constructor(inner: CaptureBackend, mask: MaskSource) {
    this.#inner = inner
    this.#mask = mask
  }

  geometry(): DesktopGeometry {
    return this.#inner.geometry()
  }

  async start(listener: (event: CaptureEvent) => void): Promise<void> {
    let shown = this.#mask.visibleRegion()
    this.#stopWatching?.()
    this.#stopWatching = this.#mask.onChange(() => {
      const next = this.#mask.visibleRegion()
      if (isSameMask(shown, next)) return
      shown = next
      const { width, height } = this.#inner.geometry()
      listener({ type: 'damage', rects: [{ x: 0, y: 0, width, height }] })
    })
    await this.#inner.start(listener)
  }

  async stop(): Promise<void> {
    this.#stopWatching?.()
    this.#stopWatching = null
    await this.#inner.stop()
  }

  async grab(rect: Rect): Promise<Frame> {
    const frame = await this.#inner.grab(rect)
    if (this.#mask.visibleRegion() === null) return frame
    // The picture is older than anything the window list learns from now on.
    await this.#mask.settle()
    const region = this.#mask.visibleRegion()
    if (region !== null) maskFrame(frame, region)
    return frame
  }

  cursorImage(): Promise<CursorImage> {
    return this.#inner.cursorImage()
  }

  async cursorPosition(): Promise<Point> {
    const point = await this.#inner.cursorPosition()
    const region = this.#mask.visibleRegion()
    if (region === null || regionContains(region, point.x, point.y)) return point
    return HIDDEN_CURSOR
  }

  async close(): Promise<void> {
    this.#stopWatching?.()
    this.#stopWatching = null
    await this.#inner.close()
  }
}

/** Overwrites every pixel of `frame` outside `region` with MASK_PIXEL, in place. */
export function maskFrame(frame: Frame, region: Region): void {
  const bounds = { x: frame.x, y: frame.y, width: frame.width, height: frame.height }
  const hidden = subtractRegion([bounds], intersectRegion(region, bounds))
  const pixel = Buffer.from(MASK_PIXEL)
  for (const rect of hidden) {
    const rowBytes = rect.width * 4
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      const start = (y - frame.y) * frame.stride + (rect.x - frame.x) * 4
      frame.data.fill(pixel, start, start + rowBytes)
    }
  }
}

function isSameMask(a: Region | null, b: Region | null): boolean {
  if (a === null || b === null) return a === b
  return isSameRegion(a, b)
}
