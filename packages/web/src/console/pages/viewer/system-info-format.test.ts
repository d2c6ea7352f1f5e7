import { describe, expect, it } from 'vitest'

import { gigabytes, osLine, uptimeParts } from './system-info-format'

describe('system information formats', () => {
  it('[P5] shows uptime as days and hours', () => {
    expect(uptimeParts(0)).toEqual({ days: 0, hours: 0 })
    expect(uptimeParts(3 * 86_400 + 5 * 3_600 + 59 * 60)).toEqual({ days: 3, hours: 5 })
  })

  it('[P5] shows sizes in GB with one decimal in the locale', () => {
    expect(gigabytes(16_000_000_000, 'en')).toBe('16.0')
    expect(gigabytes(1_234_567_890_123, 'en')).toBe('1,234.6')
    expect(gigabytes(1_500_000_000, 'de')).toBe('1,5')
  })

  it('[P5] names the OS with what is known of it', () => {
    expect(osLine({ platform: 'Linux', release: '6.8.0', version: '#1', arch: 'x64' })).toBe(
      'Linux 6.8.0 (x64)',
    )
    expect(osLine({ platform: 'Windows_NT', release: '', version: '', arch: '' })).toBe(
      'Windows_NT',
    )
  })
})
