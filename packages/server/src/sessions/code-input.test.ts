import { describe, expect, it } from 'vitest'

import { normaliseCodeInput } from './code-input.js'

describe('normaliseCodeInput', () => {
  it.each([
    ['12345678', '12345678'],
    ['1234 5678', '12345678'],
    ['1234-5678', '12345678'],
    [' 1234　5678 ', '12345678'],
    ['１２３４５６７８', '12345678'],
    ['１２３４ー５６７８', '12345678'],
    ['1234－5678', '12345678'],
    ['00000042', '00000042'],
  ])('accepts %j as %s', (input, code) => {
    expect(normaliseCodeInput(input)).toEqual({ ok: true, code })
  })

  it.each([
    ['', 'empty'],
    ['  - ', 'empty'],
    ['1234567', 'wrong-length'],
    ['123456789', 'wrong-length'],
    ['1'.repeat(65), 'wrong-length'],
    ['abcdefgh', 'invalid-characters'],
    ['1234.5678', 'invalid-characters'],
    ['１２３４５６７８９', 'wrong-length'],
    ['١٢٣٤٥٦٧٨', 'invalid-characters'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(normaliseCodeInput(input)).toEqual({ ok: false, reason })
  })
})
