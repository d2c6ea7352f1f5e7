import { describe, expect, it } from 'vitest'

import { manualClock } from '../clock.js'
import { REDEEM_LIMITS, RedeemGuard } from './redeem-guard.js'

describe('RedeemGuard', () => {
  it('caps the requests of one address even when none fails', () => {
    const clock = manualClock()
    const guard = new RedeemGuard(clock)
    const budget = REDEEM_LIMITS.requestsPerAddress.maxFailures
    for (let i = 0; i < budget; i++)
      expect(guard.admitAddress('v4:1.2.3.4')).toEqual({ allowed: true })
    expect(guard.admitAddress('v4:1.2.3.4')).toMatchObject({ allowed: false, scope: 'address' })
    expect(guard.admitAddress('v4:5.6.7.8')).toEqual({ allowed: true })
    clock.advance(REDEEM_LIMITS.requestsPerAddress.firstLockoutMs)
    expect(guard.admitAddress('v4:1.2.3.4')).toEqual({ allowed: true })
  })

  it('locks a number out after repeated failures, from any address', () => {
    const guard = new RedeemGuard(manualClock())
    const { maxFailures } = REDEEM_LIMITS.failuresPerNumber
    for (let i = 1; i < maxFailures; i++) {
      expect(guard.recordFailure(`v4:10.0.0.${i}`, '12345678').numberLockedOut).toBe(false)
    }
    expect(guard.recordFailure('v4:10.0.0.99', '12345678')).toEqual({
      addressLockedOut: false,
      numberLockedOut: true,
    })
    expect(guard.admitNumber('12345678')).toMatchObject({ allowed: false, scope: 'number' })
    expect(guard.admitNumber('87654321')).toEqual({ allowed: true })
  })
})
