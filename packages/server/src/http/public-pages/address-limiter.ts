/**
 * The per-address allowance of the public, log-in-free routes (the customer pages, the
 * invitation link, the agent downloads): every request counts, keyed by client address
 * (IPv6 per /64), and an address past its allowance waits a growing time.
 */
import type { Clock } from '../../clock.js'
import { AttemptLimiter, type AttemptLimiterOptions } from '../../limits/attempt-limiter.js'
import { ipRateKey } from '../../limits/ip-key.js'

const MINUTE = 60_000

/** Requests per address for a page a customer opens once or twice: 30 in 10 minutes. */
export const PAGE_VIEW_LIMITS: AttemptLimiterOptions = {
  maxFailures: 30,
  windowMs: 10 * MINUTE,
  firstLockoutMs: MINUTE,
  maxLockoutMs: 30 * MINUTE,
}

export type AddressVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

export class AddressLimiter {
  readonly #limiter: AttemptLimiter

  constructor(options: AttemptLimiterOptions, clock: Clock) {
    this.#limiter = new AttemptLimiter(options, clock)
  }

  /** Counts a request from `ip`; one that must wait is not counted, and says for how long. */
  admit(ip: string): AddressVerdict {
    const key = ipRateKey(ip)
    const verdict = this.#limiter.check(key)
    if (!verdict.allowed) {
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
      }
    }
    this.#limiter.fail(key)
    return { allowed: true }
  }
}
