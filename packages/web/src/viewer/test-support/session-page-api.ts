/** What the session test page exposes to the browser test as `window.sessionTest`. */
import type { PaintedDetail, ViewerState } from '../session/index'

export interface SessionTestApi {
  /** Every state the session reported, in order. */
  readonly states: ViewerState[]
  /** The details of every `tasuke:painted` event. */
  readonly painted: PaintedDetail[]
  phase(): string
  /** The code the session exposes on its container (`data-verification-code`). */
  verificationCode(): string | null
  pixel(x: number, y: number): number[]
  end(): Promise<void>
  /** The operator picks a monitor (SPEC.md P8). */
  selectScreen(screen: string): void
}

declare global {
  interface Window {
    sessionTest: SessionTestApi
  }
}
