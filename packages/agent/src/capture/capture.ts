/**
 * What the session needs from a screen-capture backend, whatever the platform: the desktop's
 * geometry, what changed, the pixels of a region, and the cursor (sent apart from the image).
 */

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** One monitor, in desktop coordinates. */
export interface Screen extends Rect {
  id: string
}

export interface DesktopGeometry {
  width: number
  height: number
  /** At least one; the whole desktop when the platform cannot tell the monitors apart. */
  screens: Screen[]
}

/** Pixels of a region, 4 bytes per pixel in B, G, R, X order, rows `stride` bytes apart. */
export interface Frame extends Rect {
  stride: number
  data: Buffer
}

export interface CursorImage {
  width: number
  height: number
  xHot: number
  yHot: number
  /** Changes whenever the shape changes. */
  serial: number
  /** Premultiplied-alpha pixels, 4 bytes each in B, G, R, A order, rows `width * 4` apart. */
  pixels: Buffer
}

export interface Point {
  x: number
  y: number
}

export type CaptureEvent =
  /** Something was drawn in these rectangles (desktop coordinates). */
  | { type: 'damage'; rects: Rect[] }
  /** The cursor shape changed; fetch it with `cursorImage()`. */
  | { type: 'cursor-shape'; serial: number }
  /** The desktop size or the monitor layout changed. */
  | { type: 'geometry'; geometry: DesktopGeometry }
  /** The display went away (its server exited): nothing more will be captured. */
  | { type: 'display-lost'; reason: string }

export interface CaptureBackend {
  /** Current desktop size and monitors. */
  geometry(): DesktopGeometry
  /**
   * Starts reporting changes. Until then nothing is watched; after `stop()` nothing is
   * reported. A backend that cannot tell what changed reports the whole desktop as damaged,
   * now and then, and leaves finding the changes to `tiles.ts`.
   */
  start(listener: (event: CaptureEvent) => void): Promise<void>
  stop(): Promise<void>
  /** Reads the pixels of `rect`, clipped to the desktop. */
  grab(rect: Rect): Promise<Frame>
  cursorImage(): Promise<CursorImage>
  cursorPosition(): Promise<Point>
  /** Releases the connection to the display; the backend cannot be used afterwards. */
  close(): Promise<void>
}
