import { describe, expect, it } from 'vitest'

import { Keymap } from './keymap.js'
import { planKey } from './key-plan.js'

const NO_SYMBOL = [0, 0, 0, 0]

/** A small evdev-numbered US keymap, keycodes 8..40 plus Shift, Henkan and one empty key. */
function usKeymap(): Keymap {
  const rows: number[][] = Array.from({ length: 255 - 8 + 1 }, () => [...NO_SYMBOL])
  const set = (keycode: number, ...keysyms: number[]) => {
    rows[keycode - 8] = [...keysyms, 0, 0, 0, 0].slice(0, 4)
  }
  const chars = (plain: string, shifted: string) => [plain.charCodeAt(0), shifted.charCodeAt(0)]
  set(9, 0xff1b)
  set(10, ...chars('1', '!'))
  set(11, ...chars('2', '@'))
  set(16, ...chars('7', '&'))
  set(34, ...chars('[', '{'))
  set(38, ...chars('a', 'A'))
  set(48, ...chars("'", '"'))
  set(49, ...chars('`', '~'))
  set(50, 0xffe1)
  set(62, 0xffe2)
  set(36, 0xff0d)
  set(100, 0xff23)
  set(200, 0x1000000 + 0x20ac, 0x1000000 + 0x20ac) // a spare already carrying €
  return Keymap.fromRows(8, rows, [50, 62])
}

describe('planKey (DESIGN.md lesson 8: by position when layouts agree, else by character)', () => {
  const keymap = usKeymap()

  it('presses the same position when the layouts agree, with Shift as the character needs', () => {
    expect(planKey(keymap, { code: 'KeyA', key: 'a' })).toEqual({
      type: 'keycode',
      keycode: 38,
      shift: false,
    })
    expect(planKey(keymap, { code: 'KeyA', key: 'A' })).toEqual({
      type: 'keycode',
      keycode: 38,
      shift: true,
    })
    // '&' on Digit7 even when no Shift press came first (automation, on-screen keyboards).
    expect(planKey(keymap, { code: 'Digit7', key: '&' })).toEqual({
      type: 'keycode',
      keycode: 16,
      shift: true,
    })
    expect(planKey(keymap, { code: 'Digit2', key: '@' })).toEqual({
      type: 'keycode',
      keycode: 11,
      shift: true,
    })
  })

  it('types by character when a JIS layout disagrees with the US keymap', () => {
    // JIS: @ is BracketLeft without Shift; " is Shift+2; ' is Shift+7.
    expect(planKey(keymap, { code: 'BracketLeft', key: '@' })).toEqual({
      type: 'keycode',
      keycode: 11,
      shift: true,
    })
    expect(planKey(keymap, { code: 'Digit2', key: '"' })).toEqual({
      type: 'keycode',
      keycode: 48,
      shift: true,
    })
    expect(planKey(keymap, { code: 'Digit7', key: "'" })).toEqual({
      type: 'keycode',
      keycode: 48,
      shift: false,
    })
  })

  it('borrows a spare keycode for a character the keymap lacks, unless one carries it', () => {
    expect(planKey(keymap, { code: 'Digit2', key: 'é' })).toEqual({ type: 'borrow', keysym: 0xe9 })
    expect(planKey(keymap, { code: 'KeyE', key: '€' })).toEqual({
      type: 'keycode',
      keycode: 200,
      shift: false,
    })
    expect(planKey(keymap, { code: '', key: '日' })).toEqual({
      type: 'borrow',
      keysym: 0x1000000 + 0x65e5,
    })
  })

  it('maps named keys by position, keeping left and right modifiers apart', () => {
    expect(planKey(keymap, { code: 'ShiftRight', key: 'Shift' })).toEqual({
      type: 'keycode',
      keycode: 62,
      shift: null,
    })
    expect(planKey(keymap, { code: 'Enter', key: 'Enter' })).toEqual({
      type: 'keycode',
      keycode: 36,
      shift: null,
    })
    expect(planKey(keymap, { code: 'KeyA', key: 'Dead' })).toEqual({
      type: 'keycode',
      keycode: 38,
      shift: null,
    })
  })

  it('maps the Japanese keys: 変換 by position, 半角/全角 by name onto a spare keycode', () => {
    expect(planKey(keymap, { code: 'Convert', key: 'Convert' })).toEqual({
      type: 'keycode',
      keycode: 100,
      shift: null,
    })
    // On a JIS keyboard 半角/全角 is code Backquote; the US keymap has ` there, not Zenkaku_Hankaku.
    expect(planKey(keymap, { code: 'Backquote', key: 'Zenkaku' })).toEqual({
      type: 'borrow',
      keysym: 0xff2a,
    })
    expect(planKey(keymap, { code: 'Backquote', key: 'Hankaku' })).toEqual({
      type: 'borrow',
      keysym: 0xff2a,
    })
    expect(planKey(keymap, { code: 'Lang2', key: 'NonConvert' })).toEqual({
      type: 'borrow',
      keysym: 0xff22,
    })
  })

  it('does nothing for an unknown key at an empty position', () => {
    expect(planKey(keymap, { code: 'IntlYen', key: 'Unidentified' })).toEqual({ type: 'none' })
  })

  it('finds spare keycodes from the top and the Shift keycodes', () => {
    expect(keymap.spareKeycodes).toEqual([255, 254, 253, 252, 251, 250, 249, 248])
    expect(keymap.shiftKeycodes).toEqual([50, 62])
    expect(keymap.isEvdev).toBe(true)
  })
})
