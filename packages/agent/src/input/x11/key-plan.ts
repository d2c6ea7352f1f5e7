/**
 * How to produce one browser key on this X server (DESIGN.md lesson 8): press the key at the
 * same position when its keysyms there include the character (the layouts agree), else press
 * wherever the keymap has the character, else borrow a spare keycode. For characters, Shift is
 * set to the level the character needs, so the character typed is always the one sent.
 */
import type { KeyInput } from '../input.js'
import type { Keymap } from './keymap.js'
import { scanCodeOf } from './key-codes.js'
import { characterKeysym, isCharacter, namedKeysyms } from './keysyms.js'

const EVDEV_KEYCODE_OFFSET = 8

export type KeyPlan =
  /** Press `keycode`; `shift` says whether Shift must be down (true), up (false) or as it is. */
  | { type: 'keycode'; keycode: number; shift: boolean | null }
  /** The keymap lacks `keysym`: map it onto a spare keycode first. */
  | { type: 'borrow'; keysym: number }
  | { type: 'none' }

export function planKey(keymap: Keymap, input: KeyInput): KeyPlan {
  const scanCode = keymap.isEvdev ? scanCodeOf(input.code) : null
  const position = scanCode === null ? null : scanCode + EVDEV_KEYCODE_OFFSET
  const atPosition = position === null ? [] : keymap.keysymsOf(position)

  if (isCharacter(input.key)) {
    const keysym = characterKeysym(input.key)
    const level = position === null ? -1 : atPosition.slice(0, 2).indexOf(keysym)
    if (position !== null && level >= 0) {
      // The level decides Shift, not whatever Shift the remote holds: a browser may send '&'
      // on Digit7 without a Shift press (on-screen keyboards, AZERTY, automation).
      const isBothLevels = atPosition[0] === atPosition[1]
      return { type: 'keycode', keycode: position, shift: isBothLevels ? null : level === 1 }
    }
    const found = keymap.find(keysym)
    if (found !== null) return { type: 'keycode', keycode: found.keycode, shift: found.level === 1 }
    return { type: 'borrow', keysym }
  }

  const candidates = namedKeysyms(input.key)
  const isSameKey = candidates.length === 0 || atPosition.some((k) => candidates.includes(k))
  if (position !== null && atPosition.some((k) => k !== 0) && isSameKey) {
    return { type: 'keycode', keycode: position, shift: null }
  }
  for (const keysym of candidates) {
    const keycode = keymap.findAnywhere(keysym)
    if (keycode !== null) return { type: 'keycode', keycode, shift: null }
  }
  const preferred = candidates[0]
  if (preferred !== undefined) return { type: 'borrow', keysym: preferred }
  return { type: 'none' }
}
