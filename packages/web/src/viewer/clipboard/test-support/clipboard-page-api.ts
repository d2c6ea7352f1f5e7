/** What the clipboard test page exposes to the browser test as `window.clipboardTest`. */
import type { ClipboardState } from '../clipboard-sync'

export interface ClipboardTestApi {
  phase(): string
  state(): ClipboardState
}

declare global {
  interface Window {
    clipboardTest: ClipboardTestApi
  }
}
