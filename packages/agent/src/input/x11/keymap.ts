/**
 * The server's keyboard mapping as the core protocol shows it: keysyms per keycode (column 0
 * plain, column 1 with Shift), the Shift keycodes, and keycodes without any keysym, which the
 * backend borrows for characters the layout lacks.
 */
import { type X11Connection, request } from '../../x11/connection.js'

const SHIFT_ROW = 0
/** The spike: 8 round-robin spare keycodes were exact 5/5; one keycode garbled 2 runs of 3. */
export const SPARE_KEYCODE_COUNT = 8

export interface KeyLocation {
  keycode: number
  /** 0 without Shift, 1 with Shift. */
  level: 0 | 1
}

export class Keymap {
  readonly #rows: number[][]
  readonly minKeycode: number
  readonly keysymsPerKeycode: number
  readonly shiftKeycodes: readonly number[]
  readonly spareKeycodes: readonly number[]

  private constructor(
    minKeycode: number,
    rows: number[][],
    shiftKeycodes: number[],
    spareKeycodes: readonly number[] | undefined,
  ) {
    this.minKeycode = minKeycode
    this.#rows = rows
    this.keysymsPerKeycode = rows[0]?.length ?? 0
    this.shiftKeycodes = shiftKeycodes
    this.spareKeycodes = spareKeycodes ?? unusedKeycodes(minKeycode, rows)
  }

  /** A keymap from rows of keysyms starting at `minKeycode` (what GetKeyboardMapping returns). */
  static fromRows(minKeycode: number, rows: number[][], shiftKeycodes: number[]): Keymap {
    return new Keymap(minKeycode, rows, shiftKeycodes, undefined)
  }

  static async read(connection: X11Connection, spareKeycodes?: readonly number[]): Promise<Keymap> {
    const { client, display } = connection
    const first = display.min_keycode
    const [rows, modifiers] = await Promise.all([
      request<number[][]>((done) => {
        client.GetKeyboardMapping(first, display.max_keycode - first + 1, done)
      }),
      request<number[][]>((done) => {
        client.GetModifierMapping(done)
      }),
    ])
    const shift = (modifiers[SHIFT_ROW] ?? []).filter((keycode) => keycode !== 0)
    // Spares keep their identity across re-reads, even while they carry a borrowed keysym.
    return new Keymap(first, rows, shift, spareKeycodes)
  }

  keysymsOf(keycode: number): readonly number[] {
    return this.#rows[keycode - this.minKeycode] ?? []
  }

  /** Where `keysym` is reachable with at most Shift (the lowest keycode, plain level first). */
  find(keysym: number): KeyLocation | null {
    for (const level of [0, 1] as const) {
      for (const [index, row] of this.#rows.entries()) {
        if (row[level] === keysym) return { keycode: this.minKeycode + index, level }
      }
    }
    return null
  }

  /** The first keycode that has `keysym` in any column (for named keys such as Henkan). */
  findAnywhere(keysym: number): number | null {
    const index = this.#rows.findIndex((row) => row.includes(keysym))
    return index < 0 ? null : this.minKeycode + index
  }

  /** Records a mapping change this client made, before the server's MappingNotify comes back. */
  set(keycode: number, keysyms: number[]): void {
    this.#rows[keycode - this.minKeycode] = keysyms
  }

  /** Whether keycodes follow Linux evdev scan codes + 8 (Xorg, Xvfb, Xwayland). */
  get isEvdev(): boolean {
    const escape = 0xff1b
    const letterA = 0x61
    return this.keysymsOf(9)[0] === escape && this.keysymsOf(38)[0] === letterA
  }
}

/** Keycodes without any keysym, from the top: low keycodes are real keyboards' keys. */
function unusedKeycodes(minKeycode: number, rows: number[][]): number[] {
  const spare: number[] = []
  for (let index = rows.length - 1; index >= 0 && spare.length < SPARE_KEYCODE_COUNT; index -= 1) {
    if (rows[index]?.every((keysym) => keysym === 0) === true) spare.push(minKeycode + index)
  }
  return spare
}
