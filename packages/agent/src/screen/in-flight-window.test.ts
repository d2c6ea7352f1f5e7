import { describe, expect, it } from 'vitest'

import { InFlightWindow } from './in-flight-window.js'

describe('InFlightWindow', () => {
  it('[P2] counts unacknowledged updates and frees one per known ack', () => {
    const window = new InFlightWindow(2)
    window.add(7, 100, 0)
    window.add(8, 50, 0)
    expect(window.room).toBe(0)
    expect(window.bytes).toBe(150)
    expect(window.acknowledge(7, 40)).toBe(true)
    expect(window.acknowledge(7, 41)).toBe(false)
    expect(window.acknowledge(999, 41)).toBe(false)
    expect(window.room).toBe(1)
    expect(window.bytes).toBe(50)
    expect(window.roundTripMs).toBe(40)
    expect(window.acknowledge(8, 120)).toBe(true)
    expect(window.roundTripMs).toBe(40 + (120 - 40) / 8)
  })

  it('refuses a bound that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new InFlightWindow(bad)).toThrow(RangeError)
    }
  })
})
