import { describe, expect, it } from 'vitest'

import { scanCodeOf } from './key-codes.js'
import { characterKeysym, isCharacter, namedKeysyms } from './keysyms.js'

describe('keysyms', () => {
  it('gives Latin-1 characters their code point and others the Unicode keysym', () => {
    expect(characterKeysym('a')).toBe(0x61)
    expect(characterKeysym('~')).toBe(0x7e)
    expect(characterKeysym('é')).toBe(0xe9)
    expect(characterKeysym('€')).toBe(0x10020ac)
    expect(characterKeysym('あ')).toBe(0x1003042)
    expect(characterKeysym('😀')).toBe(0x101f600)
    expect(characterKeysym('\n')).toBe(0xff0d)
  })

  it('tells characters from key names', () => {
    expect(isCharacter('a')).toBe(true)
    expect(isCharacter('😀')).toBe(true)
    expect(isCharacter('Enter')).toBe(false)
    expect(isCharacter('Dead')).toBe(false)
    expect(isCharacter('')).toBe(false)
  })

  it('names function keys and the Japanese input keys', () => {
    expect(namedKeysyms('F1')).toEqual([0xffbe])
    expect(namedKeysyms('F12')).toEqual([0xffc9])
    expect(namedKeysyms('Zenkaku')[0]).toBe(0xff2a)
    expect(namedKeysyms('Convert')).toEqual([0xff23])
    expect(namedKeysyms('NonConvert')).toEqual([0xff22])
    expect(namedKeysyms('KanaMode')[0]).toBe(0xff27)
    expect(namedKeysyms('Unidentified')).toEqual([])
  })
})

describe('scanCodeOf', () => {
  it('maps browser codes to evdev scan codes', () => {
    expect(scanCodeOf('KeyQ')).toBe(16)
    expect(scanCodeOf('KeyA')).toBe(30)
    expect(scanCodeOf('KeyM')).toBe(50)
    expect(scanCodeOf('Digit1')).toBe(2)
    expect(scanCodeOf('Digit0')).toBe(11)
    expect(scanCodeOf('F1')).toBe(59)
    expect(scanCodeOf('F10')).toBe(68)
    expect(scanCodeOf('F11')).toBe(87)
    expect(scanCodeOf('F13')).toBe(183)
    expect(scanCodeOf('Backquote')).toBe(41)
    expect(scanCodeOf('IntlYen')).toBe(124)
    expect(scanCodeOf('Convert')).toBe(92)
    expect(scanCodeOf('NoSuchKey')).toBeNull()
  })
})
