/**
 * Replays the operator's pointer, wheel and keys on this machine, one event after another in
 * the order they arrived. The viewer sends button states (DOM `buttons` bits) and wheel
 * pixels; the backend wants presses, releases and wheel notches. A failing backend call is
 * logged and skipped: bad input never takes the agent down. Text to type (P7) is played as
 * one key press per character; releasing everything (pause, view-only, peer left) stops it.
 */
import type { ConsoleToAgent, MessageOf } from '@tasuke/protocol'

import { type InputBackend, PointerButton } from '../input/input.js'

/** Wheel pixels per notch: Chromium reports 100 px for one notch of a mouse wheel. */
export const WHEEL_PIXELS_PER_NOTCH = 100
/** More queued events than this means the backend is stuck: newer moves are dropped. */
const MAX_QUEUED = 1_000

/** Bit `i` of `buttons` (SPEC.md, DOM `MouseEvent.buttons`). */
const BUTTON_BITS: readonly (readonly [number, PointerButton])[] = [
  [0b00001, PointerButton.Left],
  [0b00010, PointerButton.Right],
  [0b00100, PointerButton.Middle],
  [0b01000, PointerButton.Back],
  [0b10000, PointerButton.Forward],
]

/** Characters typed as the named key a keyboard has for them (`KeyboardEvent.key`). */
const TYPED_KEY_NAMES: Readonly<Record<string, string>> = { '\n': 'Enter', '\t': 'Tab' }

export type InputMessage = MessageOf<
  ConsoleToAgent,
  'pointer-event' | 'wheel-event' | 'key-event' | 'ctrl-alt-delete' | 'type-text'
>

export interface ScreenSize {
  readonly width: number
  readonly height: number
}

export interface InputPlayer {
  /** Queues one input message; returns at once. */
  play(message: InputMessage): void
  /** The screen size to clamp positions to (from the stream's `screen-info`). */
  setScreenSize(size: ScreenSize): void
  /** Queues releasing every key and button (peer left, new handshake). */
  releaseAll(): Promise<void>
  /** Resolves when everything queued so far has been applied. */
  idle(): Promise<void>
}

export function createInputPlayer(backend: InputBackend, log: (line: string) => void): InputPlayer {
  let tail: Promise<void> = Promise.resolve()
  let queued = 0
  let buttons = 0
  let wheel = { x: 0, y: 0 }
  let screen: ScreenSize | null = null
  // Bumped by releaseAll: text still being typed from before stops there.
  let releases = 0

  const enqueue = (what: string, step: () => Promise<void>, isDroppable: boolean): void => {
    if (isDroppable && queued >= MAX_QUEUED) return
    queued += 1
    tail = tail.then(step).then(
      () => {
        queued -= 1
      },
      (error: unknown) => {
        queued -= 1
        log(`input: ${what} failed: ${String(error)}`)
      },
    )
  }

  const clamp = (x: number, y: number): [number, number] => {
    const maxX = screen === null ? 65_535 : screen.width - 1
    const maxY = screen === null ? 65_535 : screen.height - 1
    return [bound(x, maxX), bound(y, maxY)]
  }

  const playPointer = (message: MessageOf<ConsoleToAgent, 'pointer-event'>) => {
    const [x, y] = clamp(message.x, message.y)
    const next = message.buttons & 0b11111
    const changed = next ^ buttons
    buttons = next
    enqueue(
      'pointer',
      async () => {
        await backend.movePointer(x, y)
        for (const [bit, button] of BUTTON_BITS) {
          if ((changed & bit) === 0) continue
          if ((next & bit) !== 0) await backend.buttonDown(button)
          else await backend.buttonUp(button)
        }
      },
      changed === 0,
    )
  }

  const playWheel = (message: MessageOf<ConsoleToAgent, 'wheel-event'>) => {
    const [x, y] = clamp(message.x, message.y)
    wheel = { x: wheel.x + finite(message.deltaX), y: wheel.y + finite(message.deltaY) }
    const notchesX = Math.trunc(wheel.x / WHEEL_PIXELS_PER_NOTCH)
    const notchesY = Math.trunc(wheel.y / WHEEL_PIXELS_PER_NOTCH)
    wheel = {
      x: wheel.x - notchesX * WHEEL_PIXELS_PER_NOTCH,
      y: wheel.y - notchesY * WHEEL_PIXELS_PER_NOTCH,
    }
    enqueue(
      'wheel',
      async () => {
        await backend.movePointer(x, y)
        if (notchesX !== 0 || notchesY !== 0) await backend.wheel(notchesX, notchesY)
      },
      false,
    )
  }

  return {
    play(message) {
      switch (message.type) {
        case 'pointer-event':
          playPointer(message)
          return
        case 'wheel-event':
          playWheel(message)
          return
        case 'key-event': {
          const key = { code: message.code, key: message.key }
          enqueue('key', () => (message.isDown ? backend.keyDown(key) : backend.keyUp(key)), false)
          return
        }
        case 'ctrl-alt-delete':
          enqueue('ctrl-alt-delete', () => backend.ctrlAltDelete(), false)
          return
        case 'type-text': {
          const release = releases
          const isCurrent = () => release === releases
          enqueue('type-text', () => typeText(backend, message.text, isCurrent), false)
          return
        }
      }
    },
    setScreenSize(size) {
      screen = size.width > 0 && size.height > 0 ? size : null
    },
    releaseAll() {
      releases += 1
      buttons = 0
      wheel = { x: 0, y: 0 }
      enqueue('release', () => backend.releaseAll(), false)
      return tail
    },
    idle: () => tail,
  }
}

/** Types `text` one code point at a time, as a keyboard with every character on it (P7). */
async function typeText(
  backend: InputBackend,
  text: string,
  isCurrent: () => boolean,
): Promise<void> {
  for (const character of text.replace(/\r\n?/g, '\n')) {
    if (!isCurrent()) return
    const key = { code: '', key: TYPED_KEY_NAMES[character] ?? character }
    await backend.keyDown(key)
    await backend.keyUp(key)
  }
}

function bound(value: number, max: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.min(Math.max(Math.round(value), 0), Math.max(max, 0))
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0
}
