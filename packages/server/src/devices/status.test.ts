import { describe, expect, it } from 'vitest'

import { deviceStatus, onlineSince } from './status.js'

const now = new Date('2026-05-01T10:00:00.000Z')
const seen = (secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString()

describe('device status', () => {
  it('is online within the window, offline after it or when never seen, revoked above all', () => {
    expect(deviceStatus({ last_seen_at: seen(0), revoked_at: null }, now, 90)).toBe('online')
    expect(deviceStatus({ last_seen_at: seen(90), revoked_at: null }, now, 90)).toBe('online')
    expect(deviceStatus({ last_seen_at: seen(91), revoked_at: null }, now, 90)).toBe('offline')
    expect(deviceStatus({ last_seen_at: null, revoked_at: null }, now, 90)).toBe('offline')
    expect(deviceStatus({ last_seen_at: seen(1), revoked_at: seen(0) }, now, 90)).toBe('revoked')
  })

  it('gives the threshold as sortable ISO text', () => {
    expect(onlineSince(now, 90)).toBe('2026-05-01T09:58:30.000Z')
    expect(seen(10) >= onlineSince(now, 90)).toBe(true)
    expect(seen(100) >= onlineSince(now, 90)).toBe(false)
  })
})
