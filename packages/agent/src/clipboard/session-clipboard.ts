/**
 * The customer's clipboard for the length of one session (SPEC.md P9): open after 承諾 only
 * while the customer shares it, closed while they do not (then nothing is even read). A
 * backend that fails to open is logged and leaves the clipboard out; the screen is still shared.
 */
import type { ClipboardBackend } from './clipboard.js'

export interface SessionClipboard {
  /** Opens the backend (on) or closes it (off); repeating the current setting does nothing. */
  setSharing(isOn: boolean): void
  /**
   * Puts the operator's text on the customer's clipboard (dropped while off); resolves once it
   * is there or failed (logged), never rejects.
   */
  write(text: string): Promise<void>
  /** Text the customer copies while on; a listener stays through an off and on again. */
  onText(listener: (text: string) => void): () => void
  /** Closes the backend for good. */
  close(): Promise<void>
}

export function sessionClipboard(
  open: () => Promise<ClipboardBackend>,
  log: (line: string) => void,
  isOn: boolean,
): SessionClipboard {
  const listeners = new Set<(text: string) => void>()
  let current: Promise<ClipboardBackend | null> | null = null
  let isClosed = false
  // Writes go out one after another, in the order the operator sent them.
  let writing: Promise<void> = Promise.resolve()

  const start = () => {
    const opening: Promise<ClipboardBackend | null> = open().then(
      (backend) => {
        // Switched off (or ended) while it opened: this one is not wanted any more.
        if (current !== opening) {
          void backend.close()
          return null
        }
        backend.onText((text) => {
          for (const listener of [...listeners]) listener(text)
        })
        return backend
      },
      (error: unknown) => {
        log(`clipboard sharing is not available: ${describe(error)}`)
        return null
      },
    )
    current = opening
  }

  const stop = (): Promise<void> => {
    const closing = current
    current = null
    return closing?.then((backend) => backend?.close()) ?? Promise.resolve()
  }

  if (isOn) start()

  return {
    setSharing(next) {
      if (isClosed || next === (current !== null)) return
      if (next) start()
      else void stop()
    },
    write(text) {
      const opened = current
      if (opened === null) return Promise.resolve()
      writing = writing.then(async () => {
        const backend = await opened
        if (backend === null || current !== opened) return
        try {
          await backend.setText(text)
        } catch (error) {
          log(
            `clipboard: the operator's text could not be put on the clipboard: ${describe(error)}`,
          )
        }
      })
      return writing
    },
    onText(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    async close() {
      if (isClosed) return
      isClosed = true
      listeners.clear()
      await stop()
    },
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
