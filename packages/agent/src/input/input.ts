/**
 * What the session needs to replay the operator's pointer and keyboard on this machine,
 * whatever the platform. Coordinates are desktop pixels, as in `capture/capture.ts`.
 */

export const PointerButton = {
  Left: 'left',
  Middle: 'middle',
  Right: 'right',
  Back: 'back',
  Forward: 'forward',
} as const
export type PointerButton = (typeof PointerButton)[keyof typeof PointerButton]

/**
 * One key as the browser saw it (DESIGN.md lesson 8): `code` is the physical position
 * (`KeyboardEvent.code`, e.g. `KeyA`, `Backquote`), `key` what the operator's layout made of it
 * (`KeyboardEvent.key`, e.g. `a`, `@`, `Enter`, `Zenkaku`). The backend injects by position
 * when both layouts agree on the character, and by character when they differ.
 */
export interface KeyInput {
  code: string
  key: string
}

export interface InputBackend {
  movePointer(x: number, y: number): Promise<void>
  buttonDown(button: PointerButton): Promise<void>
  buttonUp(button: PointerButton): Promise<void>
  /** Wheel notches: positive `y` scrolls down, positive `x` scrolls right. */
  wheel(x: number, y: number): Promise<void>
  /** A repeated `keyDown` for a `code` already down is ignored: the platform repeats held keys. */
  keyDown(key: KeyInput): Promise<void>
  /** Releases what `keyDown` pressed for the same `code`. */
  keyUp(key: KeyInput): Promise<void>
  /** Presses and releases Ctrl+Alt+Delete, which a browser cannot send. */
  ctrlAltDelete(): Promise<void>
  /** Releases every key and button this backend holds (on viewer blur or session end). */
  releaseAll(): Promise<void>
  /** Releases everything and the connection; the backend cannot be used afterwards. */
  close(): Promise<void>
}
