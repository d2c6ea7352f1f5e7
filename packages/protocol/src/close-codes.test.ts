import { describe, expect, it } from 'vitest'

import { CloseCode, canReconnectAfter, closeReasonText, isCloseCode } from './close-codes.js'

describe('CloseCode', () => {
  const codes = Object.values(CloseCode)

  it('[M8] uses 1000 for Normal and distinct 4000-range codes for the rest', () => {
    expect(CloseCode.Normal).toBe(1000)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes.filter((code) => code !== CloseCode.Normal)) {
      expect(code).toBeGreaterThanOrEqual(4000)
      expect(code).toBeLessThanOrEqual(4999)
    }
  })

  it('[M8] gives every code a reason text under 123 bytes', () => {
    for (const code of codes) {
      expect(isCloseCode(code)).toBe(true)
      const text = closeReasonText(code)
      expect(text).not.toMatch(/^closed \(code/)
      expect(new TextEncoder().encode(text).byteLength).toBeLessThan(123)
    }
    expect(isCloseCode(4999)).toBe(false)
    expect(closeReasonText(4999)).toBe('closed (code 4999)')
  })

  it('[M8] reconnects only after transient closes', () => {
    expect(canReconnectAfter(1006)).toBe(true)
    expect(canReconnectAfter(CloseCode.ServerShutdown)).toBe(true)
    expect(canReconnectAfter(CloseCode.HeartbeatTimeout)).toBe(true)
    expect(canReconnectAfter(CloseCode.Normal)).toBe(false)
    expect(canReconnectAfter(CloseCode.SessionEnded)).toBe(false)
    expect(canReconnectAfter(CloseCode.Unauthorized)).toBe(false)
    expect(canReconnectAfter(CloseCode.Replaced)).toBe(false)
    expect(canReconnectAfter(CloseCode.DeviceRevoked)).toBe(false)
  })
})
