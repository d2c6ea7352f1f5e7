import { describe, expect, it } from 'vitest'

import { formatBytes, percentDone, secondsLeft } from './file-transfer-format'

describe('file-transfer figures', () => {
  it('formats sizes in binary multiples', () => {
    expect(formatBytes(0, 'en')).toBe('0 B')
    expect(formatBytes(1023, 'en')).toBe('1,023 B')
    expect(formatBytes(1536, 'en')).toBe('1.5 KB')
    expect(formatBytes(20 * 1024 * 1024, 'ja')).toBe('20.0 MB')
  })

  it('tells the percentage done and the time left', () => {
    expect(percentDone(0, 0)).toBe(100)
    expect(percentDone(1, 3)).toBe(33)
    expect(percentDone(5, 5)).toBe(100)
    expect(secondsLeft(0, 1000, null)).toBeNull()
    expect(secondsLeft(0, 1000, 0)).toBeNull()
    expect(secondsLeft(500, 1000, 100)).toBe(5)
    expect(secondsLeft(1000, 1000, 100)).toBe(1)
  })
})
