import { describe, expect, it } from 'vitest'

import { ProgressMeter } from './progress-meter'

describe('transfer speed', () => {
  it('is unknown until a quarter of a second was measured', () => {
    const meter = new ProgressMeter()
    expect(meter.bytesPerSecond()).toBeNull()
    meter.record(0, 0)
    meter.record(100, 1000)
    expect(meter.bytesPerSecond()).toBeNull()
    meter.record(500, 5000)
    expect(meter.bytesPerSecond()).toBe(10_000)
  })

  it('follows the last few seconds, not the whole transfer', () => {
    const meter = new ProgressMeter()
    for (let second = 0; second <= 10; second += 1) {
      // 1 MB/s for five seconds, then 4 MB/s.
      const bytes = second <= 5 ? second * 1e6 : 5e6 + (second - 5) * 4e6
      meter.record(second * 1000, bytes)
    }
    expect(meter.bytesPerSecond()).toBe(4e6)
  })

  it('starts again when the bytes go back (a resume) or after a reset', () => {
    const meter = new ProgressMeter()
    meter.record(0, 5000)
    meter.record(1000, 9000)
    meter.record(2000, 3000)
    expect(meter.bytesPerSecond()).toBeNull()
    meter.record(3000, 4000)
    expect(meter.bytesPerSecond()).toBe(1000)
    meter.reset()
    expect(meter.bytesPerSecond()).toBeNull()
  })
})
