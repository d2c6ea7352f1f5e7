/** How often the entry page may ask for a status, and until when it keeps asking. */
import { PAGE_VIEW_LIMITS } from '../http/public-pages/address-limiter.js'
import type { AttemptLimiterOptions } from '../limits/attempt-limiter.js'
import { STATUS_HANDLE_LIFETIME_MS, type StatusView } from './entry.js'

const MINUTE = 60_000

/** Status look-ups per client address: a page polls every 2 s, a few tabs are fine. */
export const ENTRY_STATUS_LIMITS: AttemptLimiterOptions = {
  ...PAGE_VIEW_LIMITS,
  maxFailures: 1_200,
}

/** An unused number is followed until it runs out; a running session as long as the handle. */
export function pollUntil(view: StatusView, now: Date): string {
  if (view.status === 'ended') return now.toISOString()
  if (view.status === 'waiting-for-program') {
    return new Date(Date.parse(view.expiresAt) + MINUTE).toISOString()
  }
  return new Date(now.getTime() + STATUS_HANDLE_LIFETIME_MS).toISOString()
}
