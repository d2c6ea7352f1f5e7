import { randomUUID } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import {
  hashSecret,
  isEnrolmentTokenShape,
  newDeviceSecret,
  newEnrolmentToken,
  parseDeviceAuthorization,
  secretMatches,
} from './credentials.js'

describe('device credentials', () => {
  it('makes recognisable, distinct, high-entropy tokens and secrets', () => {
    const tokens = new Set(Array.from({ length: 50 }, newEnrolmentToken))
    expect(tokens.size).toBe(50)
    for (const token of tokens) {
      expect(token).toMatch(/^tse_[A-Za-z0-9_-]{43}$/)
      expect(isEnrolmentTokenShape(token)).toBe(true)
    }
    expect(newDeviceSecret()).toMatch(/^tsd_[A-Za-z0-9_-]{43}$/)
    expect(isEnrolmentTokenShape(newDeviceSecret())).toBe(false)
    expect(isEnrolmentTokenShape(`${newEnrolmentToken()}x`)).toBe(false)
  })

  it('matches a secret against its stored SHA-256 only', () => {
    const secret = newDeviceSecret()
    const stored = hashSecret(secret)
    expect(stored).toMatch(/^[0-9a-f]{64}$/)
    expect(secretMatches(secret, stored)).toBe(true)
    expect(secretMatches(newDeviceSecret(), stored)).toBe(false)
    expect(secretMatches(secret, 'not-hex')).toBe(false)
  })

  it('reads exactly `Device <uuid>.<secret>` and nothing else', () => {
    const deviceId = randomUUID()
    const secret = newDeviceSecret()
    expect(parseDeviceAuthorization(`Device ${deviceId}.${secret}`)).toEqual({ deviceId, secret })
    for (const header of [
      undefined,
      '',
      `Bearer ${deviceId}.${secret}`,
      `device ${deviceId}.${secret}`,
      `Device ${deviceId}`,
      `Device ${deviceId}.`,
      `Device .${secret}`,
      `Device ${deviceId}.${secret} `,
      `Device  ${deviceId}.${secret}`,
      `Device ${deviceId}.${secret}.${secret}`,
      `Device not-a-uuid.${secret}`,
      `Device ${deviceId.toUpperCase()}.${secret}`,
      `Device ${deviceId}.${newEnrolmentToken()}`,
      `Device ${deviceId}.${secret}${'x'.repeat(500)}`,
    ]) {
      expect(parseDeviceAuthorization(header), String(header)).toBeNull()
    }
  })
})
