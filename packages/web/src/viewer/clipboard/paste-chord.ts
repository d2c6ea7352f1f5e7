/**
 * The operator presses Ctrl+V (Cmd+V) in the viewer: the browser's `paste` event carries the
 * operator's clipboard, which must reach the customer's clipboard BEFORE the chord reaches the
 * customer's program. So the V press is held (and the browser left to paste into the hidden
 * keyboard target) until the paste event comes, or a short while passes; then it goes on.
 */

/** What a keydown looks like to the chord (a `KeyboardEvent` has all of it). */
export interface ChordKey {
  readonly code: string
  readonly key: string
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly altKey: boolean
}

/** How long a V press waits for the browser's paste event at most. */
export const PASTE_WAIT_MS = 250

export interface PasteChordOptions {
  /** Whether pasted text may go to the customer now (the customer shares the clipboard). */
  readonly isActive: () => boolean
  /** Sends the pasted text; called before the held press goes on. */
  readonly sendText: (text: string) => void
  readonly waitMs?: number
}

export class PasteChord {
  readonly #options: PasteChordOptions
  #held: { readonly code: string; readonly press: () => void } | null = null
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(options: PasteChordOptions) {
    this.#options = options
  }

  /** Whether a press is waiting for the paste event. */
  get isHolding(): boolean {
    return this.#held !== null
  }

  /**
   * For a keydown: true when it is the paste chord and its press is held; the caller then
   * leaves the event's default alone (that is what makes the browser fire `paste`).
   */
  hold(event: ChordKey, press: () => void): boolean {
    if (!isPasteChord(event) || !this.#options.isActive()) return false
    this.#release() // a second V before the first paste: the first goes on now
    this.#held = { code: event.code, press }
    this.#timer = setTimeout(() => {
      this.#release()
    }, this.#options.waitMs ?? PASTE_WAIT_MS)
    return true
  }

  /** The browser's paste: the text goes first, then the held press. */
  handlePaste(text: string | null): void {
    if (text !== null && text.length > 0 && this.#options.isActive()) this.#options.sendText(text)
    this.#release()
  }

  /** A key goes up: a press still held goes on first, so its release follows it. */
  handleKeyUp(): void {
    this.#release()
  }

  /** Focus left: the held press is dropped (every key is released then anyway). */
  cancel(): void {
    clearTimeout(this.#timer)
    this.#held = null
  }

  #release(): void {
    clearTimeout(this.#timer)
    const held = this.#held
    this.#held = null
    held?.press()
  }
}

/** Ctrl+V or Cmd+V (by position or by character), without Alt. */
export function isPasteChord(event: ChordKey): boolean {
  const isV = event.code === 'KeyV' || event.key.toLowerCase() === 'v'
  return isV && (event.ctrlKey || event.metaKey) && !event.altKey
}
