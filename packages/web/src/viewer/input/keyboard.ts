/**
 * DOM keyboard events → protocol `key-event`. Listens on a focusable element (a hidden
 * textarea lets the operator's IME compose); committed IME text is sent as characters.
 */
import type { PasteChord } from '../clipboard/paste-chord'
import { type RemoteKey, toRemoteKey } from './key-mapping'
import { KeyTracker } from './key-tracker'
import type { KeyEventMessage } from './messages'

export interface KeyboardInputOptions {
  send: (message: KeyEventMessage) => void
  isViewOnly?: boolean
  /** Holds Ctrl+V until the browser's paste gave the text to send first (SPEC.md P9). */
  pasteChord?: PasteChord
}

export class KeyboardInput {
  readonly #target: HTMLElement
  readonly #tracker: KeyTracker
  readonly #abort = new AbortController()
  readonly #pasteChord: PasteChord | undefined

  constructor(target: HTMLElement, options: KeyboardInputOptions) {
    this.#target = target
    this.#tracker = new KeyTracker(options.send)
    this.#tracker.setViewOnly(options.isViewOnly ?? false)
    this.#pasteChord = options.pasteChord
    const document = target.ownerDocument
    const view = document.defaultView ?? window
    const signal = this.#abort.signal
    target.addEventListener('keydown', this.#handleKeyDown, { signal })
    target.addEventListener('keyup', this.#handleKeyUp, { signal })
    target.addEventListener('compositionend', this.#handleCompositionEnd, { signal })
    target.addEventListener('paste', this.#handlePaste, { signal })
    target.addEventListener('blur', this.#releaseAll, { signal })
    view.addEventListener('blur', this.#releaseAll, { signal })
    document.addEventListener('visibilitychange', this.#handleVisibility, { signal })
  }

  setViewOnly(isViewOnly: boolean): void {
    this.#tracker.setViewOnly(isViewOnly)
  }

  sendCtrlAltDel(): void {
    this.#tracker.sendCtrlAltDel()
  }

  /** Releases held keys on the remote screen and stops listening. */
  dispose(): void {
    this.#pasteChord?.cancel()
    this.#tracker.releaseAll()
    this.#abort.abort()
  }

  readonly #handleKeyDown = (event: KeyboardEvent): void => {
    const key = toRemoteKey(event)
    if (key === null) return
    // Ctrl+V keeps its default, so the browser fires `paste`; the press waits for it.
    const press = () => {
      this.#tracker.press(key)
    }
    if (!event.repeat && this.#pasteChord?.hold(event, press)) return
    // The page keeps no keys: Tab, Backspace and shortcuts belong to the remote screen.
    event.preventDefault()
    // The remote system repeats a held key itself; forwarding repeats would double them.
    if (!event.repeat) this.#tracker.press(key)
  }

  // A release is never filtered out: a key pressed before a composition began is still let go.
  readonly #handleKeyUp = (event: KeyboardEvent): void => {
    const fields = { code: event.code, key: event.key }
    const key: RemoteKey = toRemoteKey({ ...fields, isComposing: false }) ?? fields
    event.preventDefault()
    this.#pasteChord?.handleKeyUp()
    this.#tracker.release(key)
  }

  readonly #handleCompositionEnd = (event: CompositionEvent): void => {
    this.#tracker.type(event.data)
    // The textarea only hosts the composition; its text is never kept.
    const target = this.#target
    if (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) {
      target.value = ''
    }
  }

  readonly #handlePaste = (event: ClipboardEvent): void => {
    // The hidden textarea never keeps pasted text; the text goes to the customer instead.
    event.preventDefault()
    this.#pasteChord?.handlePaste(event.clipboardData?.getData('text/plain') ?? null)
  }

  readonly #releaseAll = (): void => {
    this.#pasteChord?.cancel()
    this.#tracker.releaseAll()
  }

  readonly #handleVisibility = (): void => {
    if (this.#target.ownerDocument.visibilityState === 'hidden') this.#tracker.releaseAll()
  }
}
