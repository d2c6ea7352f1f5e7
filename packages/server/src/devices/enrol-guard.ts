/**
 * Rate limits of device enrolment, like session-number redemption's: a request budget per
 * client address and a failure budget per address (IPv6 per /64), each locking out for a
 * growing time. Tokens have 256 bits, so this is against noise and abuse, not guessing.
 */
import type { Clock } from '../clock.js'
import { AttemptLimiter, type AttemptLimiterOptions } from '../limits/attempt-limiter.js'

const MINUTE = 60_000

export interface EnrolLimits {
  readonly requestsPerAddress: AttemptLimiterOptions
  readonly failuresPerAddress: AttemptLimiterOptions
}

export const ENROL_LIMITS: EnrolLimits = {
  requestsPerAddress: {
    maxFailures: 30,
    windowMs: MINUTE,
    firstLockoutMs: MINUTE,
    maxLockoutMs: 30 * MINUTE,
  },
  failuresPerAddress: {
    maxFailures: 10,
    windowMs: 10 * MINUTE,
    firstLockoutMs: MINUTE,
    maxLockoutMs: 60 * MINUTE,
  },
}

export type EnrolVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number }

export class EnrolGuard {
  readonly #requests: AttemptLimiter
  readonly #failures: AttemptLimiter

  constructor(clock: Clock, limits: EnrolLimits = ENROL_LIMITS) {
    this.#requests = new AttemptLimiter(limits.requestsPerAddress, clock)
    this.#failures = new AttemptLimiter(limits.failuresPerAddress, clock)
  }

  /** May this address enrol now? An admitted request uses up its budget. */
  admit(addressKey: string): EnrolVerdict {
    for (const limiter of [this.#failures, this.#requests]) {
      const verdict = limiter.check(addressKey)
      if (!verdict.allowed) return verdict
    }
    this.#requests.fail(addressKey)
    return { allowed: true }
  }

  /** Counts a refused enrolment; true when it started a lockout of the address. */
  recordFailure(addressKey: string): boolean {
    return !this.#failures.fail(addressKey).allowed
  }
}
