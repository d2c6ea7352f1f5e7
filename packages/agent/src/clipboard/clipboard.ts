/**
 * The customer's clipboard as the session sees it (SPEC.md P9): text the customer copies comes
 * out of `onText`, text from the operator goes in with `setText`. One implementation per
 * platform (`x11/`), picked in `index.ts`.
 */
export interface ClipboardBackend {
  /**
   * Calls `listener` with each text the customer copies, already checked against
   * `CLIPBOARD_TEXT_MAX_LENGTH`; never with the text `setText` put there. Returns the unsubscribe.
   */
  onText(listener: (text: string) => void): () => void
  /** Makes `text` what the customer pastes next; rejects when the clipboard cannot be taken. */
  setText(text: string): Promise<void>
  /** Stops watching and lets go of the clipboard. */
  close(): Promise<void>
}
