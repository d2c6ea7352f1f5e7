import { describe, expect, it } from 'vitest'

import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js'

describe('backoffDelay', () => {
  const backoff = { baseMs: 1_000, maxMs: 30_000 }

  it('doubles the ceiling each attempt', () => {
    const ceilings = [0, 1, 2, 3, 4].map((attempt) =>
      backoffDelay(backoff, attempt, () => 0.999999),
    )
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000])
  })

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(backoffDelay(backoff, 5, () => 0.999999)).toBe(30_000)
    expect(backoffDelay(backoff, 1_000_000, () => 0.999999)).toBe(30_000)
    expect(backoffDelay(DEFAULT_BACKOFF, 50, () => 0.999999)).toBe(60_000)
  })

  it('jitters between half the ceiling and the ceiling', () => {
    expect(backoffDelay(backoff, 3, () => 0)).toBe(4_000)
    expect(backoffDelay(backoff, 3, () => 0.5)).toBe(6_000)
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(backoff, 3)))
    expect(seen.size).toBeGreaterThan(1)
    for (const delay of seen) {
      expect(delay).toBeGreaterThanOrEqual(4_000)
      expect(delay).toBeLessThanOrEqual(8_000)
    }
  })

  it('treats a negative or fractional attempt as the first', () => {
    expect(backoffDelay(backoff, -3, () => 0.999999)).toBe(1_000)
    expect(backoffDelay(backoff, 0.7, () => 0.999999)).toBe(1_000)
  })
})
