/**
 * Rate limit for `system-info-request`: at most one collection per interval; a request within
 * it (or while a collection runs) gets the same answer. One source per pairing.
 */
import type { SystemInfo } from '@tasuke/protocol'

import { collectSystemInfo } from './collect.js'

/** The shortest time between two collections for one pairing. */
export const SYSTEM_INFO_MIN_INTERVAL_MS = 2_000

export interface SystemInfoSourceOptions {
  readonly collect?: () => Promise<SystemInfo>
  readonly now?: () => number
  readonly minIntervalMs?: number
}

/** Returns the function to call per request. */
export function createSystemInfoSource(
  options: SystemInfoSourceOptions = {},
): () => Promise<SystemInfo> {
  const collect = options.collect ?? collectSystemInfo
  const now = options.now ?? Date.now
  const minIntervalMs = options.minIntervalMs ?? SYSTEM_INFO_MIN_INTERVAL_MS
  let last: { readonly at: number; readonly answer: Promise<SystemInfo> } | null = null
  return () => {
    const at = now()
    if (last !== null && at - last.at < minIntervalMs) return last.answer
    last = { at, answer: collect() }
    return last.answer
  }
}
