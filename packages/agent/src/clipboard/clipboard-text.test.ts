import { CLIPBOARD_TEXT_MAX_LENGTH } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import {
  CLIPBOARD_MAX_BYTES,
  checkClipboardText,
  decodeSelectionText,
  encodeLatin1,
  encodeUtf8,
} from './clipboard-text.js'

describe('clipboard text', () => {
  it('[P9] decodes UTF8_STRING as UTF-8 and STRING as ISO Latin-1', () => {
    expect(decodeSelectionText('UTF8_STRING', encodeUtf8('こんにちは 😀'))).toEqual({
      ok: true,
      text: 'こんにちは 😀',
    })
    // 0x80 is a C1 control in ISO 8859-1 (it would be € in windows-1252).
    const bytes = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x80])
    expect(decodeSelectionText('STRING', bytes)).toEqual({ ok: true, text: 'café\u0080' })
  })

  it('[P9] replaces malformed UTF-8 instead of failing the whole text', () => {
    const bytes = Uint8Array.from([0x61, 0xff, 0x62])
    expect(decodeSelectionText('UTF8_STRING', bytes)).toEqual({ ok: true, text: 'a\ufffdb' })
  })

  it('[P9] refuses text past 16,384 characters and empty text', () => {
    expect(checkClipboardText('a'.repeat(CLIPBOARD_TEXT_MAX_LENGTH)).ok).toBe(true)
    expect(checkClipboardText('a'.repeat(CLIPBOARD_TEXT_MAX_LENGTH + 1))).toEqual({
      ok: false,
      reason: 'too-long',
    })
    expect(checkClipboardText('')).toEqual({ ok: false, reason: 'empty' })
    // The longest allowed text in three-byte characters still fits the byte bound.
    const japanese = encodeUtf8('あ'.repeat(CLIPBOARD_TEXT_MAX_LENGTH))
    expect(japanese.length).toBe(CLIPBOARD_MAX_BYTES)
    expect(decodeSelectionText('UTF8_STRING', japanese).ok).toBe(true)
    const tooMany = new Uint8Array(CLIPBOARD_MAX_BYTES + 1).fill(0x61)
    expect(decodeSelectionText('UTF8_STRING', tooMany)).toEqual({ ok: false, reason: 'too-long' })
  })

  it('[P9] encodes Latin-1 with one ? per character outside it', () => {
    expect([...encodeLatin1('é€😀a')]).toEqual([0xe9, 0x3f, 0x3f, 0x61])
  })
})
