import { describe, expect, it } from 'vitest'

import {
  SESSION_CODE_LENGTH,
  SESSION_CODE_MAX_INPUT_LENGTH,
  formatSessionCode,
  isSessionCode,
  normaliseSessionCode,
} from './session-code.js'

describe('normaliseSessionCode', () => {
  it('[S1] accepts exactly 8 ASCII digits', () => {
    expect(SESSION_CODE_LENGTH).toBe(8)
    expect(normaliseSessionCode('12345678')).toEqual({ ok: true, code: '12345678' })
    expect(isSessionCode('12345678')).toBe(true)
    expect(isSessionCode('1234567')).toBe(false)
    expect(isSessionCode(12345678)).toBe(false)
  })

  it.each([
    ['1234 5678'],
    ['1234-5678'],
    ['  1234 5678  '],
    ['１２３４５６７８'],
    ['１２３４　５６７８'],
    ['１２３４ー５６７８'],
    ['１２３４－５６７８'],
    ['1234ｰ5678'],
    ['1234\u00a05678'],
    ['1234\u20135678'],
    ['1234\u22125678'],
    ['12\t34 56-78'],
  ])('[S2] normalises %j', (input) => {
    expect(normaliseSessionCode(input)).toEqual({ ok: true, code: '12345678' })
  })

  it.each([['1234567a'], ['1234.5678'], ['1234_5678'], ['١٢٣٤٥٦٧٨'], ['12345678!'], ['一二三四']])(
    '[S3] refuses %j as invalid-characters',
    (input) => {
      expect(normaliseSessionCode(input)).toEqual({ ok: false, reason: 'invalid-characters' })
    },
  )

  it.each([[''], ['   '], ['ー－ '], ['\u3000']])('[S4] refuses %j as empty', (input) => {
    expect(normaliseSessionCode(input)).toEqual({ ok: false, reason: 'empty' })
  })

  it.each([['1234567'], ['123456789'], ['１２３４'], ['1'.repeat(16)]])(
    '[S5] refuses %j as wrong-length',
    (input) => {
      expect(normaliseSessionCode(input)).toEqual({ ok: false, reason: 'wrong-length' })
    },
  )

  it('[S5] refuses input past the length cap before looking at it', () => {
    const padded = `1234 5678${' '.repeat(SESSION_CODE_MAX_INPUT_LENGTH)}`
    expect(normaliseSessionCode(padded)).toEqual({ ok: false, reason: 'wrong-length' })
    expect(normaliseSessionCode('x'.repeat(1_000_000))).toEqual({
      ok: false,
      reason: 'wrong-length',
    })
    const atCap = `1234 5678${' '.repeat(SESSION_CODE_MAX_INPUT_LENGTH - 9)}`
    expect(normaliseSessionCode(atCap)).toEqual({ ok: true, code: '12345678' })
  })
})

describe('formatSessionCode', () => {
  it('[S6] shows two groups of four', () => {
    expect(formatSessionCode('12345678')).toBe('1234 5678')
  })

  it('[S6] returns non-canonical input unchanged', () => {
    expect(formatSessionCode('1234')).toBe('1234')
    expect(formatSessionCode('1234 5678')).toBe('1234 5678')
  })
})
