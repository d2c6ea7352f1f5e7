import { Buffer } from 'node:buffer'

import { describe, expect, it } from 'vitest'

import { decodeBase64Url, encodeBase64Url } from './base64url.js'

describe('base64url', () => {
  it('[H1] matches Node for every length up to 70 bytes, both ways', () => {
    for (let length = 0; length <= 70; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + length) & 0xff)
      const text = Buffer.from(bytes).toString('base64url')
      expect(encodeBase64Url(bytes)).toBe(text)
      expect([...(decodeBase64Url(text) ?? [])]).toEqual([...bytes])
    }
  })

  it('[H1] refuses padding, other alphabets, impossible lengths and non-canonical forms', () => {
    for (const text of ['QQ==', 'a+b/', 'A', 'AAAAA', 'QR', 'AB', 'AAB']) {
      expect(decodeBase64Url(text), text).toBeUndefined()
    }
    expect([...(decodeBase64Url('QQ') ?? [])]).toEqual([0x41])
  })
})
