import { describe, expect, it } from 'vitest'

import { MAX_TITLE_LENGTH, parseFirstLong, parseText, parseWmClass } from './window-properties.js'

const STRING = 31
const CARDINAL = 6
const UTF8 = 300

describe('X11 window properties', () => {
  it('reads WM_CLASS instance and class', () => {
    const data = Buffer.from('xterm\u0000XTerm\u0000', 'latin1')
    expect(parseWmClass({ type: STRING, format: 8, data })).toEqual({
      instance: 'xterm',
      className: 'XTerm',
    })
    expect(parseWmClass({ type: 0, format: 0, data: Buffer.alloc(0) })).toEqual({
      instance: '',
      className: '',
    })
  })

  it('reads UTF-8 and Latin-1 titles, without control characters, cut to a length', () => {
    const utf8 = Buffer.from('見積書.xlsx\n- 表計算', 'utf8')
    expect(parseText({ type: UTF8, format: 8, data: utf8 }, UTF8)).toBe('見積書.xlsx - 表計算')
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9])
    expect(parseText({ type: STRING, format: 8, data: latin1 }, UTF8)).toBe('café')
    const long = Buffer.from('あ'.repeat(MAX_TITLE_LENGTH + 50), 'utf8')
    expect(Array.from(parseText({ type: UTF8, format: 8, data: long }, UTF8))).toHaveLength(
      MAX_TITLE_LENGTH,
    )
    expect(parseText({ type: UTF8, format: 32, data: utf8 }, UTF8)).toBe('')
  })

  it('reads a 32-bit value, and nothing from a short or missing property', () => {
    const pid = Buffer.alloc(4)
    pid.writeUInt32LE(4242)
    expect(parseFirstLong({ type: CARDINAL, format: 32, data: pid })).toBe(4242)
    expect(parseFirstLong({ type: CARDINAL, format: 32, data: Buffer.alloc(2) })).toBeNull()
    expect(parseFirstLong({ type: 0, format: 0, data: Buffer.alloc(0) })).toBeNull()
  })
})
