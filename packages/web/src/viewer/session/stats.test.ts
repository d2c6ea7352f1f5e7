import { describe, expect, it } from 'vitest'

import { StatsCounter } from './stats'

describe('StatsCounter', () => {
  it('counts painted updates and received bytes of the last second only', () => {
    let now = 10_000
    const stats = new StatsCounter(() => now)
    stats.painted()
    stats.received(500)
    now += 600
    stats.painted()
    stats.received(300)
    expect(stats.snapshot(2)).toEqual({ fps: 2, latencyMs: null, bytesPerSecond: 800, inFlight: 2 })
    now += 500
    expect(stats.snapshot(0)).toMatchObject({ fps: 1, bytesPerSecond: 300 })
    now += 1000
    expect(stats.snapshot(0)).toMatchObject({ fps: 0, bytesPerSecond: 0 })
  })

  it('[P4] measures the round trip of the answered ping and ignores unknown pongs', () => {
    let now = 0
    const stats = new StatsCounter(() => now)
    const first = stats.ping()
    const second = stats.ping()
    now = 42
    stats.pong(second)
    stats.pong(999)
    expect(stats.snapshot(0).latencyMs).toBe(42)
    now = 100
    stats.pong(first)
    expect(stats.snapshot(0).latencyMs).toBe(100)
    stats.pong(first)
    expect(stats.snapshot(0).latencyMs).toBe(100)
    stats.resetLatency()
    expect(stats.snapshot(0).latencyMs).toBeNull()
  })
})
