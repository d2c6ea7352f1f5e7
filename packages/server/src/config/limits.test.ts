import { describe, expect, it } from 'vitest'

import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('session-number expiry', () => {
  it('accepts min ≤ default ≤ max up to a week', () => {
    const config = load({
      SESSION_CODE_MIN_MINUTES: '1',
      SESSION_CODE_DEFAULT_MINUTES: '10080',
      SESSION_CODE_MAX_MINUTES: '10080',
    })
    expect(config.sessionCodeMinMinutes).toBe(1)
    expect(config.sessionCodeDefaultMinutes).toBe(10080)
    expect(config.sessionCodeMaxMinutes).toBe(10080)
  })

  it('refuses values out of range or not integers', () => {
    expect(problems({ SESSION_CODE_MAX_MINUTES: '10081' })).toEqual([
      'SESSION_CODE_MAX_MINUTES: must be an integer from 1 to 10080, got "10081"',
    ])
    expect(problems({ SESSION_CODE_MIN_MINUTES: '0' })).toEqual([
      'SESSION_CODE_MIN_MINUTES: must be an integer from 1 to 10080, got "0"',
    ])
    expect(problems({ SESSION_CODE_DEFAULT_MINUTES: 'half an hour' })).toEqual([
      'SESSION_CODE_DEFAULT_MINUTES: must be an integer from 1 to 10080, got "half an hour"',
    ])
  })

  it('refuses a default outside the bounds and a minimum above the maximum', () => {
    expect(problems({ SESSION_CODE_DEFAULT_MINUTES: '2' })).toEqual([
      'SESSION_CODE_DEFAULT_MINUTES: must be from SESSION_CODE_MIN_MINUTES (5) to SESSION_CODE_MAX_MINUTES (1440), got 2',
    ])
    expect(problems({ SESSION_CODE_MIN_MINUTES: '60', SESSION_CODE_MAX_MINUTES: '30' })).toEqual([
      'SESSION_CODE_MIN_MINUTES: must not be more than SESSION_CODE_MAX_MINUTES (30), got 60',
    ])
  })
})

describe('DEFAULT_RETENTION_DAYS and PURGE_INTERVAL_MINUTES', () => {
  it('accept their ranges', () => {
    expect(load({ DEFAULT_RETENTION_DAYS: '1' }).defaultRetentionDays).toBe(1)
    expect(load({ DEFAULT_RETENTION_DAYS: '3650' }).defaultRetentionDays).toBe(3650)
    expect(load({ PURGE_INTERVAL_MINUTES: '1440' }).purgeIntervalMinutes).toBe(1440)
  })

  it('refuse values outside them', () => {
    expect(problems({ DEFAULT_RETENTION_DAYS: '0', PURGE_INTERVAL_MINUTES: '1441' })).toEqual([
      'DEFAULT_RETENTION_DAYS: must be an integer from 1 to 3650, got "0"',
      'PURGE_INTERVAL_MINUTES: must be an integer from 1 to 1440, got "1441"',
    ])
    expect(problems({ DEFAULT_RETENTION_DAYS: '3651' })).toHaveLength(1)
  })
})

describe('DEVICE_ONLINE_SECONDS', () => {
  it('defaults to 90 and accepts 1 to 3600', () => {
    expect(load({}).deviceOnlineSeconds).toBe(90)
    expect(load({ DEVICE_ONLINE_SECONDS: '3' }).deviceOnlineSeconds).toBe(3)
    expect(problems({ DEVICE_ONLINE_SECONDS: '0' })).toEqual([
      'DEVICE_ONLINE_SECONDS: must be an integer from 1 to 3600, got "0"',
    ])
  })
})
