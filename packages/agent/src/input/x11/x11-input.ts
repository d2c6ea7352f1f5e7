/** Pointer and keyboard on an X11 display through XTEST (see agent-spike.md §1). */
import { setTimeout as sleep } from 'node:timers/promises'

import type { XEvent, XTest } from 'x11'

import {
  type X11Connection,
  X11Error,
  closeX11,
  connectX11,
  requireExtension,
  syncX11,
  whileConnected,
} from '../../x11/connection.js'
import type { InputBackend, KeyInput, PointerButton } from '../input.js'
import { planKey } from './key-plan.js'
import { Keymap } from './keymap.js'

const BUTTONS: Readonly<Record<PointerButton, number>> = {
  left: 1,
  middle: 2,
  right: 3,
  back: 8,
  forward: 9,
}
const WHEEL_UP = 4
const WHEEL_DOWN = 5
const WHEEL_LEFT = 6
const WHEEL_RIGHT = 7
/**
 * After remapping a spare keycode, clients need a moment to handle MappingNotify before the
 * key arrives; the spike measured 30 ms as reliable with 8 round-robin keycodes.
 */
const REMAP_SETTLE_MS = 30
const CONTROL_L = 0xffe3
const ALT_L = 0xffe9
const DELETE = 0xffff

export class X11Input implements InputBackend {
  readonly #connection: X11Connection
  readonly #xtest: XTest
  #keymap: Keymap
  #isKeymapStale = false
  #queue: Promise<unknown> = Promise.resolve()
  /** Keycode pressed for each held browser `code`. */
  readonly #heldKeys = new Map<string, number>()
  readonly #heldButtons = new Set<number>()
  /** Which keysym each borrowed spare keycode carries now. */
  readonly #borrowed = new Map<number, number>()
  #nextSpare = 0
  readonly #onEvent = (event: XEvent): void => {
    if (event.name === 'MappingNotify' && event.request !== 2) this.#isKeymapStale = true
  }

  private constructor(connection: X11Connection, xtest: XTest, keymap: Keymap) {
    this.#connection = connection
    this.#xtest = xtest
    this.#keymap = keymap
    connection.client.on('event', this.#onEvent)
  }

  static async open(options: { display?: string } = {}): Promise<X11Input> {
    const connection = await connectX11(options.display)
    try {
      const xtest = await requireExtension(connection, 'xtest')
      if (xtest === null) throw new X11Error('the X server has no XTEST: cannot inject input')
      return new X11Input(connection, xtest, await Keymap.read(connection))
    } catch (error) {
      await closeX11(connection)
      throw error
    }
  }

  movePointer(x: number, y: number): Promise<void> {
    return this.#run(() => {
      this.#xtest.FakeInput(this.#xtest.MotionNotify, 0, 0, this.#connection.root, x, y)
    })
  }

  buttonDown(button: PointerButton): Promise<void> {
    return this.#run(() => {
      this.#heldButtons.add(BUTTONS[button])
      this.#xtest.FakeInput(this.#xtest.ButtonPress, BUTTONS[button], 0, 0, 0, 0)
    })
  }

  buttonUp(button: PointerButton): Promise<void> {
    return this.#run(() => {
      this.#releaseButton(BUTTONS[button])
    })
  }

  wheel(x: number, y: number): Promise<void> {
    return this.#run(() => {
      const clicks = (button: number, count: number) => {
        for (let i = 0; i < count; i += 1) {
          this.#xtest.FakeInput(this.#xtest.ButtonPress, button, 0, 0, 0, 0)
          this.#xtest.FakeInput(this.#xtest.ButtonRelease, button, 0, 0, 0, 0)
        }
      }
      clicks(y < 0 ? WHEEL_UP : WHEEL_DOWN, Math.round(Math.abs(y)))
      clicks(x < 0 ? WHEEL_LEFT : WHEEL_RIGHT, Math.round(Math.abs(x)))
    })
  }

  keyDown(key: KeyInput): Promise<void> {
    return this.#run(() => this.#keyDown(key))
  }

  keyUp(key: KeyInput): Promise<void> {
    return this.#run(() => {
      const keycode = this.#heldKeys.get(key.code)
      if (keycode === undefined) return
      this.#heldKeys.delete(key.code)
      this.#fakeKey(keycode, false)
    })
  }

  ctrlAltDelete(): Promise<void> {
    return this.#run(async () => {
      const keycodes: number[] = []
      for (const keysym of [CONTROL_L, ALT_L, DELETE]) {
        const keycode = this.#keymap.findAnywhere(keysym) ?? (await this.#borrow(keysym))
        keycodes.push(keycode)
        this.#fakeKey(keycode, true)
      }
      for (const keycode of keycodes.reverse()) this.#fakeKey(keycode, false)
    })
  }

  releaseAll(): Promise<void> {
    return this.#run(() => {
      this.#releaseEverything()
    })
  }

  async close(): Promise<void> {
    if (this.#connection.isLost()) {
      this.#connection.client.removeListener('event', this.#onEvent)
      return
    }
    await this.#run(() => {
      this.#releaseEverything()
      // Give the borrowed keycodes back empty.
      const empty = new Array<number>(this.#keymap.keysymsPerKeycode).fill(0)
      for (const keycode of this.#borrowed.keys()) {
        this.#connection.client.ChangeKeyboardMapping(keycode, empty.length, empty)
      }
      this.#borrowed.clear()
    })
    this.#connection.client.removeListener('event', this.#onEvent)
    await closeX11(this.#connection)
  }

  /** Runs input in order, one step at a time, and resolves once the server has it. */
  #run(step: () => void | Promise<void>): Promise<void> {
    const next = this.#queue.then(() =>
      whileConnected(
        this.#connection,
        (async () => {
          await step()
          await syncX11(this.#connection)
        })(),
      ),
    )
    this.#queue = next.catch(() => undefined)
    return next
  }

  async #keyDown(key: KeyInput): Promise<void> {
    // The X server repeats a held key itself; pressing again would double the browser's repeats.
    if (this.#heldKeys.has(key.code)) return
    if (this.#isKeymapStale) {
      this.#isKeymapStale = false
      this.#keymap = await Keymap.read(this.#connection, this.#keymap.spareKeycodes)
    }
    const plan = planKey(this.#keymap, key)
    switch (plan.type) {
      case 'none':
        return
      case 'borrow': {
        const keycode = await this.#borrow(plan.keysym)
        this.#press(key.code, keycode)
        return
      }
      case 'keycode':
        this.#pressWithShift(key.code, plan.keycode, plan.shift)
        return
    }
  }

  #pressWithShift(code: string, keycode: number, shift: boolean | null): void {
    const heldShifts = this.#keymap.shiftKeycodes.filter((k) =>
      [...this.#heldKeys.values()].includes(k),
    )
    const shiftKeycode = this.#keymap.shiftKeycodes[0]
    if (shift === true && heldShifts.length === 0 && shiftKeycode !== undefined) {
      this.#fakeKey(shiftKeycode, true)
      this.#press(code, keycode)
      this.#fakeKey(shiftKeycode, false)
    } else if (shift === false && heldShifts.length > 0) {
      for (const held of heldShifts) this.#fakeKey(held, false)
      this.#press(code, keycode)
      for (const held of heldShifts) this.#fakeKey(held, true)
    } else {
      this.#press(code, keycode)
    }
  }

  #press(code: string, keycode: number): void {
    this.#heldKeys.set(code, keycode)
    this.#fakeKey(keycode, true)
  }

  /** Maps `keysym` onto a spare keycode (round robin; reused while it still carries it). */
  async #borrow(keysym: number): Promise<number> {
    for (const [keycode, carried] of this.#borrowed) if (carried === keysym) return keycode
    const spares = this.#keymap.spareKeycodes
    const held = new Set(this.#heldKeys.values())
    for (let tries = 0; tries < spares.length; tries += 1) {
      const keycode = spares[this.#nextSpare % spares.length]
      this.#nextSpare += 1
      if (keycode === undefined || held.has(keycode)) continue
      const keysyms = new Array<number>(this.#keymap.keysymsPerKeycode).fill(0)
      keysyms[0] = keysym
      keysyms[1] = keysym
      this.#connection.client.ChangeKeyboardMapping(keycode, keysyms.length, keysyms)
      this.#keymap.set(keycode, keysyms)
      this.#borrowed.set(keycode, keysym)
      await syncX11(this.#connection)
      await sleep(REMAP_SETTLE_MS)
      return keycode
    }
    throw new X11Error('no spare keycode free to type this character')
  }

  #fakeKey(keycode: number, isDown: boolean): void {
    const type = isDown ? this.#xtest.KeyPress : this.#xtest.KeyRelease
    this.#xtest.FakeInput(type, keycode, 0, 0, 0, 0)
  }

  #releaseButton(button: number): void {
    this.#heldButtons.delete(button)
    this.#xtest.FakeInput(this.#xtest.ButtonRelease, button, 0, 0, 0, 0)
  }

  #releaseEverything(): void {
    for (const keycode of new Set(this.#heldKeys.values())) this.#fakeKey(keycode, false)
    this.#heldKeys.clear()
    for (const button of [...this.#heldButtons]) this.#releaseButton(button)
  }
}
