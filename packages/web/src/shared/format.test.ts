import { describe, expect, it } from 'vitest'

import { formatCountdown, formatDateTime, formatDuration } from './format'

describe('formatCountdown', () => {
  it('shows minutes and seconds below an hour', () => {
    expect(formatCountdown(30 * 60_000)).toBe('30:00')
    expect(formatCountdown(61_000)).toBe('1:01')
    expect(formatCountdown(9_000)).toBe('0:09')
  })

  it('rounds partial seconds up, so it reaches 0:00 only at the end', () => {
    expect(formatCountdown(1)).toBe('0:01')
    expect(formatCountdown(59_001)).toBe('1:00')
  })

  it('shows hours from an hour up and never goes negative', () => {
    expect(formatCountdown(24 * 3_600_000)).toBe('24:00:00')
    expect(formatCountdown(3_661_000)).toBe('1:01:01')
    expect(formatCountdown(-5_000)).toBe('0:00')
  })
})

describe('formatDuration', () => {
  it('picks seconds, minutes or hours and rounds up', () => {
    expect(formatDuration(45, 'en')).toBe('45 seconds')
    expect(formatDuration(61, 'en')).toBe('2 minutes')
    expect(formatDuration(3600, 'en')).toBe('1 hour')
    expect(formatDuration(0, 'en')).toBe('1 second')
  })

  it('speaks Japanese', () => {
    expect(formatDuration(300, 'ja')).toBe('5 分')
  })
})

describe('formatDateTime', () => {
  it('shows a dash for no time and the raw text for nonsense', () => {
    expect(formatDateTime(null, 'en')).toBe('—')
    expect(formatDateTime('not a date', 'en')).toBe('not a date')
  })

  it('formats a time with the locale', () => {
    const text = formatDateTime('2025-01-02T03:04:05.000Z', 'en-US')
    expect(text).toMatch(/2025/)
    expect(text).not.toBe('2025-01-02T03:04:05.000Z')
  })
})
