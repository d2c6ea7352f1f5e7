/** What the viewer test page exposes to the browser test as `window.viewerTest`. */

export interface ViewerTestApi {
  /** Frame sequences the display reported painted, in report order. */
  readonly acks: number[]
  /** Updates the display skipped, with the error's reason. */
  readonly skipped: { reason: string; sequence: number }[]
  /** Input messages the pointer and keyboard sent. */
  readonly sent: unknown[]
  /** `screen-info`: the remote screen size. */
  resize(width: number, height: number): void
  /** A `ScreenUpdate` frame payload (as numbers) with the sequence of its frame. */
  apply(payload: number[], sequence: number): void
  /** An update the protocol would refuse, straight to the display (unknown encoding). */
  applyUnchecked(encoding: number, sequence: number): void
  setScaleMode(mode: 'fit' | 'one-to-one'): void
  /** A solid image encoded by the browser itself (for JPEG). */
  makeImage(type: string, width: number, height: number, css: string): Promise<number[]>
  /** RGBA of one canvas pixel. */
  pixel(x: number, y: number): number[]
  sendCtrlAltDel(): void
}

declare global {
  interface Window {
    viewerTest: ViewerTestApi
  }
}
