/**
 * Keyboard state on the viewer side: what was pressed on the remote screen and not yet
 * released, so that every held key is released when the viewer loses focus (DESIGN.md
 * lesson 8), and a release is only sent for a key whose press was sent. DOM-free.
 */
import { type RemoteKey, textToKeyEvents } from './key-mapping'
import type { KeyEventMessage } from './messages'

const CTRL_ALT_DEL: readonly RemoteKey[] = [
  { code: 'ControlLeft', key: 'Control' },
  { code: 'AltLeft', key: 'Alt' },
  { code: 'Delete', key: 'Delete' },
]

export class KeyTracker {
  readonly #send: (message: KeyEventMessage) => void
  /** Held keys by identity, with the key value their press was sent with. */
  readonly #held = new Map<string, RemoteKey>()
  #isViewOnly = false

  constructor(send: (message: KeyEventMessage) => void) {
    this.#send = send
  }

  /** Keys held so far, in the order they were pressed. */
  get heldKeys(): readonly RemoteKey[] {
    return [...this.#held.values()]
  }

  /** View-only drops all input; keys still held are released first. */
  setViewOnly(isViewOnly: boolean): void {
    if (isViewOnly) this.releaseAll()
    this.#isViewOnly = isViewOnly
  }

  press(key: RemoteKey): void {
    if (this.#isViewOnly) return
    const id = identity(key)
    // A held key pressed again (after a lost release) keeps the value it went down with.
    const held = this.#held.get(id) ?? key
    this.#held.set(id, held)
    this.#send({ type: 'key-event', code: held.code, key: held.key, isDown: true })
  }

  /** Sent only for a held key, with the value it was pressed with (Shift may be up by now). */
  release(key: RemoteKey): void {
    const id = identity(key)
    const held = this.#held.get(id)
    if (held === undefined) return
    this.#held.delete(id)
    this.#send({ type: 'key-event', code: held.code, key: held.key, isDown: false })
  }

  /** Releases every held key, last pressed first (blur, hidden page, view-only). */
  releaseAll(): void {
    for (const held of [...this.#held.values()].reverse()) this.release(held)
  }

  /** Text committed by the local IME, typed as characters. */
  type(text: string): void {
    if (this.#isViewOnly) return
    for (const message of textToKeyEvents(text)) this.#send(message)
  }

  /** Ctrl+Alt+Del, which the operator's own system would never let a page see. */
  sendCtrlAltDel(): void {
    if (this.#isViewOnly) return
    for (const key of CTRL_ALT_DEL) this.#send({ type: 'key-event', ...key, isDown: true })
    for (const key of [...CTRL_ALT_DEL].reverse()) {
      this.#send({ type: 'key-event', ...key, isDown: false })
    }
  }
}

function identity(key: RemoteKey): string {
  return key.code === '' ? `key:${key.key}` : key.code
}
