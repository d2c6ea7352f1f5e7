/**
 * When the viewer gains focus (the operator comes back to the browser window, or clicks into
 * the screen), the operator's clipboard is read and, if it changed, sent to the customer
 * (DESIGN.md lesson 9). The reading itself is `ClipboardSync.readOnFocus`; this only listens.
 */

export interface FocusReaderOptions {
  /** The window the viewer is in (its `focus` is the operator coming back to it). */
  readonly window: Pick<Window, 'addEventListener' | 'removeEventListener'>
  /** The viewer's keyboard target (focused by a click on the screen). */
  readonly keyboardTarget: Pick<HTMLElement, 'addEventListener' | 'removeEventListener'>
  /** Whether the clipboard may be read now (the end-to-end channel is open). */
  readonly isActive: () => boolean
  readonly onFocus: () => void
}

export class FocusReader {
  readonly #options: FocusReaderOptions
  readonly #listener = () => {
    if (this.#options.isActive()) this.#options.onFocus()
  }

  constructor(options: FocusReaderOptions) {
    this.#options = options
    options.window.addEventListener('focus', this.#listener)
    options.keyboardTarget.addEventListener('focus', this.#listener)
  }

  dispose(): void {
    this.#options.window.removeEventListener('focus', this.#listener)
    this.#options.keyboardTarget.removeEventListener('focus', this.#listener)
  }
}
