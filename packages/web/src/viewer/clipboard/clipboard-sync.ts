/**
 * Clipboard text between the operator's browser and the customer (SPEC.md P9), DOM-free: what
 * the agent sends goes to the operator's clipboard (kept on show when the browser refuses),
 * what the operator pastes or types goes to the agent, what is on the operator's clipboard
 * goes when the viewer gains focus (DESIGN.md lesson 9: only when it changed; when the browser
 * refuses to let it be read, the panel says so and Ctrl+V or the send box still work), and
 * nothing goes while the customer does not share the clipboard.
 */
import { CLIPBOARD_TEXT_MAX_LENGTH, type ConsoleToAgent, type MessageOf } from '@tasuke/protocol'

export type ClipboardTextMessage = MessageOf<ConsoleToAgent, 'clipboard-text'>

/** Text the customer copied, and whether it reached the operator's clipboard. */
export interface CustomerCopy {
  readonly text: string
  readonly isCopied: boolean
}

export interface ClipboardState {
  /** The customer shares the clipboard (on until the agent says otherwise). */
  readonly isShared: boolean
  /** The last text the customer copied in this session, or null. */
  readonly fromCustomer: CustomerCopy | null
  /** The browser refused the last time the operator's clipboard was read on focus. */
  readonly isReadRefused: boolean
}

/** What reading the operator's clipboard on focus did. */
export type FocusReadOutcome = 'sent' | 'unchanged' | 'refused' | 'busy' | SendRefusal

/** Why text was not sent to the customer. */
export type SendRefusal = 'not-shared' | 'empty' | 'too-long' | 'not-connected'

export interface ClipboardSyncOptions {
  /** Sends to the agent; false when the end-to-end channel is not open. */
  readonly send: (message: ClipboardTextMessage) => boolean
  /** Puts text on the operator's clipboard (the browser's `navigator.clipboard.writeText`). */
  readonly writeClipboard: (text: string) => Promise<void>
  /** Reads the operator's clipboard (`navigator.clipboard.readText`); rejects when refused. */
  readonly readClipboard: () => Promise<string>
}

export class ClipboardSync {
  readonly #options: ClipboardSyncOptions
  readonly #listeners = new Set<(state: ClipboardState) => void>()
  #state: ClipboardState = { isShared: true, fromCustomer: null, isReadRefused: false }
  /** The text both clipboards last agreed on (sent or received), so it is not sent again. */
  #lastExchanged: string | null = null
  #isReading = false
  /** Counts customer copies, so a late answer of the browser never marks a newer one. */
  #copies = 0

  constructor(options: ClipboardSyncOptions) {
    this.#options = options
  }

  get state(): ClipboardState {
    return this.#state
  }

  /** Calls `listener` on every change; returns the unsubscribe. */
  onChange(listener: (state: ClipboardState) => void): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** The agent's `clipboard-sharing`. */
  handleSharing(isShared: boolean): void {
    if (isShared !== this.#state.isShared) this.#set({ ...this.#state, isShared })
  }

  /** The agent's `clipboard-text`: the customer copied it. */
  handleText(text: string): void {
    // The agent sends none while off (P9); a late one is not taken either.
    if (!this.#state.isShared) return
    this.#copies += 1
    this.#lastExchanged = text
    const copy = this.#copies
    this.#set({ ...this.#state, fromCustomer: { text, isCopied: false } })
    void this.#write(text, copy)
  }

  /** Copies the customer's text again (the panel's button: a user gesture the browser allows). */
  async copyAgain(): Promise<boolean> {
    const copied = this.#state.fromCustomer
    if (copied === null) return false
    return this.#write(copied.text, this.#copies)
  }

  /** Sends the operator's text to the customer's clipboard; the reason when refused. */
  sendText(text: string): SendRefusal | null {
    if (!this.#state.isShared) return 'not-shared'
    if (text.length === 0) return 'empty'
    if (text.length > CLIPBOARD_TEXT_MAX_LENGTH) return 'too-long'
    if (!this.#options.send({ type: 'clipboard-text', text })) return 'not-connected'
    this.#lastExchanged = text
    return null
  }

  /**
   * The viewer gained focus: sends the operator's clipboard text if it changed since the two
   * clipboards last agreed. Nothing is read while the customer does not share the clipboard.
   */
  async readOnFocus(): Promise<FocusReadOutcome> {
    if (!this.#state.isShared) return 'not-shared'
    if (this.#isReading) return 'busy'
    this.#isReading = true
    let text: string
    try {
      text = await this.#options.readClipboard()
    } catch {
      if (!this.#state.isReadRefused) this.#set({ ...this.#state, isReadRefused: true })
      return 'refused'
    } finally {
      this.#isReading = false
    }
    if (this.#state.isReadRefused) this.#set({ ...this.#state, isReadRefused: false })
    // Sharing may have been switched off while the browser read: `sendText` checks it again.
    if (text.length === 0 || text === this.#lastExchanged) return 'unchanged'
    return this.sendText(text) ?? 'sent'
  }

  async #write(text: string, copy: number): Promise<boolean> {
    let isCopied = true
    try {
      await this.#options.writeClipboard(text)
    } catch {
      // No focus or no permission: the panel keeps the text on show with a copy button.
      isCopied = false
    }
    const current = this.#state.fromCustomer
    if (copy === this.#copies && current?.text === text && current.isCopied !== isCopied) {
      this.#set({ ...this.#state, fromCustomer: { text, isCopied } })
    }
    return isCopied
  }

  #set(state: ClipboardState): void {
    this.#state = state
    for (const listener of [...this.#listeners]) listener(state)
  }
}
