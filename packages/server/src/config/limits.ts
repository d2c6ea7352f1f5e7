/** Session-number expiry, history retention, device online window: integers within bounds. */
import type { Fail } from './parse-helpers.js'

export const MAX_SESSION_CODE_MINUTES = 10_080

type LimitSetting =
  | 'SESSION_CODE_MIN_MINUTES'
  | 'SESSION_CODE_MAX_MINUTES'
  | 'SESSION_CODE_DEFAULT_MINUTES'
  | 'DEFAULT_RETENTION_DAYS'
  | 'PURGE_INTERVAL_MINUTES'
  | 'DEVICE_ONLINE_SECONDS'

/** Reads an integer setting from min to max, the fallback when unset (or wrong: reported). */
export type ReadInteger = (name: LimitSetting, min: number, max: number, fallback: number) => number

export interface Limits {
  readonly sessionCodeDefaultMinutes: number
  readonly sessionCodeMinMinutes: number
  readonly sessionCodeMaxMinutes: number
  readonly defaultRetentionDays: number
  readonly purgeIntervalMinutes: number
  readonly deviceOnlineSeconds: number
}

export function parseLimits(integer: ReadInteger, fail: Fail): Limits {
  const sessionCodeMinMinutes = integer('SESSION_CODE_MIN_MINUTES', 1, MAX_SESSION_CODE_MINUTES, 5)
  const sessionCodeMaxMinutes = integer(
    'SESSION_CODE_MAX_MINUTES',
    1,
    MAX_SESSION_CODE_MINUTES,
    1440,
  )
  const sessionCodeDefaultMinutes = integer(
    'SESSION_CODE_DEFAULT_MINUTES',
    1,
    MAX_SESSION_CODE_MINUTES,
    30,
  )
  if (sessionCodeMinMinutes > sessionCodeMaxMinutes) {
    fail(
      'SESSION_CODE_MIN_MINUTES',
      `must not be more than SESSION_CODE_MAX_MINUTES (${sessionCodeMaxMinutes}), got ${sessionCodeMinMinutes}`,
    )
  } else if (
    sessionCodeDefaultMinutes < sessionCodeMinMinutes ||
    sessionCodeDefaultMinutes > sessionCodeMaxMinutes
  ) {
    fail(
      'SESSION_CODE_DEFAULT_MINUTES',
      `must be from SESSION_CODE_MIN_MINUTES (${sessionCodeMinMinutes}) to SESSION_CODE_MAX_MINUTES (${sessionCodeMaxMinutes}), got ${sessionCodeDefaultMinutes}`,
    )
  }
  const defaultRetentionDays = integer('DEFAULT_RETENTION_DAYS', 1, 3650, 180)
  const purgeIntervalMinutes = integer('PURGE_INTERVAL_MINUTES', 1, 1440, 60)
  const deviceOnlineSeconds = integer('DEVICE_ONLINE_SECONDS', 1, 3600, 90)
  return {
    sessionCodeDefaultMinutes,
    sessionCodeMinMinutes,
    sessionCodeMaxMinutes,
    defaultRetentionDays,
    purgeIntervalMinutes,
    deviceOnlineSeconds,
  }
}
