import { describe, expect, it } from 'vitest'

import { textToKeyEvents, toRemoteKey } from './key-mapping'

const typed = (code: string, key: string, isComposing = false) =>
  toRemoteKey({ code, key, isComposing })

describe('toRemoteKey', () => {
  it('[lesson 8] keeps both the physical key and the character', () => {
    expect(typed('KeyA', 'a')).toEqual({ code: 'KeyA', key: 'a' })
    expect(typed('Digit2', '"')).toEqual({ code: 'Digit2', key: '"' })
    expect(typed('IntlYen', '¥')).toEqual({ code: 'IntlYen', key: '¥' })
  })

  it('leaves keydowns during an IME composition to the local IME', () => {
    expect(typed('KeyK', 'k', true)).toBeNull()
    expect(typed('KeyK', 'Process')).toBeNull()
    expect(typed('Enter', 'Enter', true)).toBeNull()
  })

  it('sends the Japanese input keys by name even when the browser says Process', () => {
    expect(typed('Convert', 'Process')).toEqual({ code: 'Convert', key: 'Convert' })
    expect(typed('NonConvert', 'NonConvert')).toEqual({ code: 'NonConvert', key: 'NonConvert' })
    expect(typed('KanaMode', 'Unidentified')).toEqual({ code: 'KanaMode', key: 'KanaMode' })
    expect(typed('KanaMode', 'Hiragana')).toEqual({ code: 'KanaMode', key: 'Hiragana' })
    expect(typed('Lang2', 'Process')).toEqual({ code: 'Lang2', key: 'Eisu' })
  })

  it('sends 半角/全角 as ZenkakuHankaku, and a US backquote as itself', () => {
    expect(typed('Backquote', 'Process')).toEqual({ code: 'Backquote', key: 'ZenkakuHankaku' })
    expect(typed('Backquote', 'Zenkaku')).toEqual({ code: 'Backquote', key: 'ZenkakuHankaku' })
    expect(typed('Backquote', 'Hankaku')).toEqual({ code: 'Backquote', key: 'ZenkakuHankaku' })
    expect(typed('Backquote', '`')).toEqual({ code: 'Backquote', key: '`' })
  })

  it('keeps fields inside the protocol bounds', () => {
    expect(typed('Weird-Code', 'x')).toEqual({ code: '', key: 'x' })
    expect(typed('', '')).toEqual({ code: '', key: 'Unidentified' })
    expect(typed('KeyA', 'x'.repeat(33))).toEqual({ code: 'KeyA', key: 'Unidentified' })
  })
})

describe('textToKeyEvents', () => {
  it('types committed IME text one character at a time, with no physical key', () => {
    expect(textToKeyEvents('日本')).toEqual([
      { type: 'key-event', code: '', key: '日', isDown: true },
      { type: 'key-event', code: '', key: '日', isDown: false },
      { type: 'key-event', code: '', key: '本', isDown: true },
      { type: 'key-event', code: '', key: '本', isDown: false },
    ])
  })

  it('keeps characters outside the BMP whole', () => {
    expect(textToKeyEvents('𠮷').map((event) => event.key)).toEqual(['𠮷', '𠮷'])
  })
})
