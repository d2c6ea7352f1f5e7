/**
 * A capture backend over a pixel buffer in memory, for the stream's flow-control tests: the
 * test paints into it and reports the damage, as a platform backend would.
 */
import type {
  CaptureBackend,
  CaptureEvent,
  CursorImage,
  DesktopGeometry,
  Frame,
  Point,
  Rect,
  Screen,
} from '../../capture/capture.js'

export class FakeDesktop implements CaptureBackend {
  width: number
  height: number
  pixels: Buffer
  readonly grabs: Rect[] = []
  startCount = 0
  stopCount = 0
  pointer: Point = { x: 10, y: 20 }
  /** The monitors `geometry()` reports; null: one monitor, the whole desktop. */
  screens: Screen[] | null = null
  cursor: CursorImage = {
    width: 2,
    height: 1,
    xHot: 1,
    yHot: 0,
    serial: 1,
    pixels: Buffer.from([0, 0, 0x80, 0x80, 0xff, 0xff, 0xff, 0xff]),
  }
  #listener: ((event: CaptureEvent) => void) | null = null

  constructor(width: number, height: number) {
    this.width = width
    this.height = height
    this.pixels = Buffer.alloc(width * height * 4)
  }

  get isStarted(): boolean {
    return this.#listener !== null
  }

  geometry(): DesktopGeometry {
    const { width, height } = this
    return { width, height, screens: this.screens ?? [{ id: 'fake', x: 0, y: 0, width, height }] }
  }

  start(listener: (event: CaptureEvent) => void): Promise<void> {
    if (this.#listener !== null) return Promise.reject(new Error('capture already started'))
    this.#listener = listener
    this.startCount += 1
    return Promise.resolve()
  }

  stop(): Promise<void> {
    if (this.#listener !== null) this.stopCount += 1
    this.#listener = null
    return Promise.resolve()
  }

  grab(rect: Rect): Promise<Frame> {
    const x = Math.max(0, rect.x)
    const y = Math.max(0, rect.y)
    const width = Math.max(0, Math.min(this.width, rect.x + rect.width) - x)
    const height = Math.max(0, Math.min(this.height, rect.y + rect.height) - y)
    this.grabs.push({ x, y, width, height })
    const data = Buffer.alloc(width * height * 4)
    for (let row = 0; row < height; row += 1) {
      const from = ((y + row) * this.width + x) * 4
      this.pixels.copy(data, row * width * 4, from, from + width * 4)
    }
    return Promise.resolve({ x, y, width, height, stride: width * 4, data })
  }

  cursorImage(): Promise<CursorImage> {
    return Promise.resolve(this.cursor)
  }

  cursorPosition(): Promise<Point> {
    return Promise.resolve(this.pointer)
  }

  close(): Promise<void> {
    return this.stop()
  }

  /** The whole desktop as a frame (what the console should end up showing). */
  get frame(): Frame {
    const { width, height } = this
    return { x: 0, y: 0, width, height, stride: width * 4, data: this.pixels }
  }

  /** Paints `rect` with one B, G, R colour and reports the damage. */
  fill(rect: Rect, bgr: readonly [number, number, number]): void {
    this.paint(rect, () => bgr)
  }

  /** Paints each pixel of `rect` with `colour(x, y)` and reports the damage. */
  paint(rect: Rect, colour: (x: number, y: number) => readonly [number, number, number]): void {
    for (let y = rect.y; y < rect.y + rect.height; y += 1) {
      for (let x = rect.x; x < rect.x + rect.width; x += 1) {
        const [b, g, r] = colour(x, y)
        this.pixels.set([b, g, r, 0], (y * this.width + x) * 4)
      }
    }
    this.emit({ type: 'damage', rects: [rect] })
  }

  /**
   * Moves the pixels of `rect` down by `dy` rows (up when negative), as a terminal scrolls,
   * paints the rows it exposes with `colour(x, y)` and reports `rect` as damaged.
   */
  scroll(
    rect: Rect,
    dy: number,
    colour: (x: number, y: number) => readonly [number, number, number],
  ): void {
    const rowBytes = rect.width * 4
    const old = Buffer.alloc(rowBytes * rect.height)
    for (let row = 0; row < rect.height; row += 1) {
      const from = ((rect.y + row) * this.width + rect.x) * 4
      this.pixels.copy(old, row * rowBytes, from, from + rowBytes)
    }
    for (let row = 0; row < rect.height; row += 1) {
      const y = rect.y + row
      const source = row - dy
      if (source >= 0 && source < rect.height) {
        old.copy(
          this.pixels,
          (y * this.width + rect.x) * 4,
          source * rowBytes,
          (source + 1) * rowBytes,
        )
        continue
      }
      for (let x = rect.x; x < rect.x + rect.width; x += 1) {
        const [b, g, r] = colour(x, y)
        this.pixels.set([b, g, r, 0], (y * this.width + x) * 4)
      }
    }
    this.emit({ type: 'damage', rects: [rect] })
  }

  /** A new desktop size (pixels cleared) and its geometry event. */
  resize(width: number, height: number): void {
    this.width = width
    this.height = height
    this.pixels = Buffer.alloc(width * height * 4)
    this.emit({ type: 'geometry', geometry: this.geometry() })
  }

  emit(event: CaptureEvent): void {
    this.#listener?.(event)
  }
}
