import { describe, expect, it } from 'vitest'

import { formatRelative } from './relative-time'

const now = Date.parse('2026-05-01T10:00:00.000Z')
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString()

describe('relative time', () => {
  it('says how long ago in English and Japanese, in the largest whole unit', () => {
    expect(formatRelative(ago(0), now, 'en')).toBe('now')
    expect(formatRelative(ago(12), now, 'en')).toBe('12 seconds ago')
    expect(formatRelative(ago(150), now, 'en')).toBe('2 minutes ago')
    expect(formatRelative(ago(3 * 3600), now, 'en')).toBe('3 hours ago')
    expect(formatRelative(ago(2 * 86_400), now, 'en')).toBe('2 days ago')
    expect(formatRelative(ago(150), now, 'ja')).toBe('2 分前')
  })

  it('treats a time slightly in the future as now, and nothing as nothing', () => {
    expect(formatRelative(ago(-3), now, 'en')).toBe('now')
    expect(formatRelative(null, now, 'en')).toBeNull()
    expect(formatRelative('yesterday', now, 'en')).toBeNull()
  })
})
