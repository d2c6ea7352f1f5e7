import { describe, expect, it } from 'vitest'

import { decodeBase64Url } from './base64url'

describe('decodeBase64Url', () => {
  it('decodes unpadded base64url with both URL-safe characters', () => {
    expect(decodeBase64Url('-_8A')).toEqual(new Uint8Array([0xfb, 0xff, 0x00]))
    expect(decodeBase64Url('AQID')).toEqual(new Uint8Array([1, 2, 3]))
    expect(decodeBase64Url('AQ')).toEqual(new Uint8Array([1]))
    expect(decodeBase64Url('')).toEqual(new Uint8Array([]))
  })

  it('refuses padding, standard base64 characters and impossible lengths', () => {
    expect(decodeBase64Url('AQ==')).toBeNull()
    expect(decodeBase64Url('+/8A')).toBeNull()
    expect(decodeBase64Url('AQIDB')).toBeNull()
  })
})
