import { describe, expect, it } from 'vitest'

import { manualClock } from '../../clock.js'
import { AddressLimiter, PAGE_VIEW_LIMITS } from './address-limiter.js'

describe('AddressLimiter', () => {
  it('counts every request per address (IPv6 per /64) and says how long to wait', () => {
    const clock = manualClock()
    const limiter = new AddressLimiter(PAGE_VIEW_LIMITS, clock)
    for (let i = 0; i < PAGE_VIEW_LIMITS.maxFailures; i++) {
      expect(limiter.admit(`2001:db8::${String(i + 1)}`)).toEqual({ allowed: true })
    }
    expect(limiter.admit('2001:db8::ffff')).toEqual({
      allowed: false,
      retryAfterSeconds: PAGE_VIEW_LIMITS.firstLockoutMs / 1000,
    })
    expect(limiter.admit('2001:db8:0:1::1')).toEqual({ allowed: true })
    clock.advance(PAGE_VIEW_LIMITS.firstLockoutMs - 1)
    expect(limiter.admit('2001:db8::1')).toEqual({ allowed: false, retryAfterSeconds: 1 })
    clock.advance(1)
    expect(limiter.admit('2001:db8::1')).toEqual({ allowed: true })
  })
})
