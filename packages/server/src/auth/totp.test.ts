import { describe, expect, it } from 'vitest'

import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotp,
  otpauthUrl,
  totpAt,
  totpStepAt,
} from './totp.js'

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii')

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vectors (8 digits)', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ]
    for (const [seconds, code] of vectors) {
      expect(totpAt(RFC_SECRET, seconds * 1000, 8)).toBe(code)
    }
  })

  it('matches the RFC 4226 HOTP test vectors (6 digits)', () => {
    const codes = ['755224', '287082', '359152', '969429', '338314', '254676']
    codes.forEach((code, counter) => {
      expect(hotp(RFC_SECRET, counter)).toBe(code)
    })
  })

  it('round-trips base32 and refuses text that is not base32', () => {
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
    expect(Buffer.from(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq') ?? [])).toEqual(
      RFC_SECRET,
    )
    expect(base32Decode('not base32!')).toBeNull()
    const secret = generateTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Decode(secret)?.length).toBe(20)
  })

  it('accepts the current code and one step either side, and nothing further', () => {
    const secret = base32Encode(RFC_SECRET)
    const now = 1_700_000_000_000
    const step = totpStepAt(now)
    const codeAt = (offsetSteps: number) => totpAt(RFC_SECRET, now + offsetSteps * 30_000)
    expect(matchTotp(secret, codeAt(0), now, 0)).toBe(step)
    expect(matchTotp(secret, codeAt(-1), now, 0)).toBe(step - 1)
    expect(matchTotp(secret, codeAt(1), now, 0)).toBe(step + 1)
    expect(matchTotp(secret, codeAt(-2), now, 0)).toBeNull()
    expect(matchTotp(secret, codeAt(2), now, 0)).toBeNull()
  })

  it('refuses a code whose step was already used, and malformed codes', () => {
    const secret = base32Encode(RFC_SECRET)
    const now = 1_700_000_000_000
    const code = totpAt(RFC_SECRET, now)
    expect(matchTotp(secret, code, now, totpStepAt(now))).toBeNull()
    expect(matchTotp(secret, '12345', now, 0)).toBeNull()
    expect(matchTotp(secret, 'abcdef', now, 0)).toBeNull()
    expect(matchTotp('!!!', code, now, 0)).toBeNull()
  })

  it('builds the otpauth URL authenticator apps read', () => {
    expect(otpauthUrl('alice@example.com', 'ABC')).toBe(
      'otpauth://totp/tasuke:alice@example.com?secret=ABC&issuer=tasuke',
    )
  })
})
