import { describe, expect, it } from 'vitest'

import { manualClock } from '../clock.js'
import { AttemptLimiter } from './attempt-limiter.js'
import { ipRateKey } from './ip-key.js'

const options = { maxFailures: 3, windowMs: 60_000, firstLockoutMs: 1_000, maxLockoutMs: 8_000 }

describe('AttemptLimiter', () => {
  it('allows attempts until the failures in the window reach the limit', () => {
    const limiter = new AttemptLimiter(options, manualClock())
    expect(limiter.fail('a')).toEqual({ allowed: true })
    expect(limiter.fail('a')).toEqual({ allowed: true })
    expect(limiter.fail('a')).toEqual({ allowed: false, retryAfterMs: 1_000 })
    expect(limiter.check('b')).toEqual({ allowed: true })
  })

  it('doubles each lockout up to the ceiling', () => {
    const clock = manualClock()
    const limiter = new AttemptLimiter(options, clock)
    const lockouts: number[] = []
    for (let round = 0; round < 5; round++) {
      let verdict = limiter.fail('a')
      while (verdict.allowed) verdict = limiter.fail('a')
      lockouts.push(verdict.retryAfterMs)
      clock.advance(verdict.retryAfterMs)
      expect(limiter.check('a')).toEqual({ allowed: true })
    }
    expect(lockouts).toEqual([1_000, 2_000, 4_000, 8_000, 8_000])
  })

  it('forgets failures older than the window', () => {
    const clock = manualClock()
    const limiter = new AttemptLimiter(options, clock)
    limiter.fail('a')
    limiter.fail('a')
    clock.advance(61_000)
    expect(limiter.fail('a')).toEqual({ allowed: true })
  })

  it('keeps memory bounded by forgetting the least recently used keys', () => {
    const limiter = new AttemptLimiter({ ...options, maxFailures: 1, maxKeys: 2 }, manualClock())
    limiter.fail('a')
    limiter.fail('b')
    limiter.fail('c')
    expect(limiter.check('a')).toEqual({ allowed: true })
    expect(limiter.check('c').allowed).toBe(false)
  })
})

describe('ipRateKey', () => {
  it('groups IPv6 addresses by /64 and keeps IPv4 whole', () => {
    expect(ipRateKey('2001:db8:1:2:aaaa::1')).toBe(ipRateKey('2001:db8:1:2:bbbb::2'))
    expect(ipRateKey('2001:db8:1:3::1')).not.toBe(ipRateKey('2001:db8:1:2::1'))
    expect(ipRateKey('::ffff:192.0.2.1')).toBe('v4:192.0.2.1')
    expect(ipRateKey('192.0.2.1')).not.toBe(ipRateKey('192.0.2.2'))
  })
})
