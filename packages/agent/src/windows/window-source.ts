/** Where the windows on the desktop come from, whatever the platform (X11 first). */
import type { Rect } from '../capture/capture.js'
import type { WindowInfo } from './window-info.js'

export interface WindowSource {
  /** The top-level windows now, mapped ones only, bottom to top in stacking order. */
  windows(): readonly WindowInfo[]
  /** The whole desktop, in desktop coordinates. */
  desktop(): Rect
  /** Called after the window list or the desktop size changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void
  /**
   * Resolves once every window change made before the call shows in `windows()`: a picture
   * grabbed before the call is masked with a region at least as new as the picture.
   */
  settle(): Promise<void>
  /** The top-level window that key presses go to now, or `null` for none. */
  keyboardWindow(): Promise<number | null>
  close(): Promise<void>
}
