/** How much the server logs. */
import type { Fail } from './parse-helpers.js'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export function parseLogLevel(value: string | undefined, fail: Fail): LogLevel {
  if (value === undefined) return 'info'
  const level = LOG_LEVELS.find((candidate) => candidate === value.toLowerCase())
  if (level !== undefined) return level
  fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`)
  return 'info'
}
