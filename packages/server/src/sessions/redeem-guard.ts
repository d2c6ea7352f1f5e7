/**
 * Rate limits of customer redemption (DESIGN.md lesson 6): a request budget per client
 * address, failures per address (IPv6 per /64) and failures per number, each locking out for
 * a growing time. A number that keeps being tried wrongly is retired for the lockout time,
 * even for the right tenant. In-process, like AttemptLimiter.
 */
import type { Clock } from '../clock.js'
import { AttemptLimiter, type AttemptLimiterOptions } from '../limits/attempt-limiter.js'

const MINUTE = 60_000

export interface RedeemLimits {
  /** Every request from one address, valid or not. */
  readonly requestsPerAddress: AttemptLimiterOptions
  readonly failuresPerAddress: AttemptLimiterOptions
  readonly failuresPerNumber: AttemptLimiterOptions
}

export const REDEEM_LIMITS: RedeemLimits = {
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
  failuresPerNumber: {
    maxFailures: 5,
    windowMs: 60 * MINUTE,
    firstLockoutMs: 5 * MINUTE,
    maxLockoutMs: 60 * MINUTE,
  },
}

export type GuardVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: 'address' | 'number'; readonly retryAfterMs: number }

export interface FailureEffect {
  /** This failure started a lockout of the address / of the number. */
  readonly addressLockedOut: boolean
  readonly numberLockedOut: boolean
}

export class RedeemGuard {
  readonly #requests: AttemptLimiter
  readonly #addressFailures: AttemptLimiter
  readonly #numberFailures: AttemptLimiter

  constructor(clock: Clock, limits: RedeemLimits = REDEEM_LIMITS) {
    this.#requests = new AttemptLimiter(limits.requestsPerAddress, clock)
    this.#addressFailures = new AttemptLimiter(limits.failuresPerAddress, clock)
    this.#numberFailures = new AttemptLimiter(limits.failuresPerNumber, clock)
  }

  /** May this address make a request now? An admitted request uses up its budget. */
  admitAddress(addressKey: string): GuardVerdict {
    for (const limiter of [this.#addressFailures, this.#requests]) {
      const verdict = limiter.check(addressKey)
      if (!verdict.allowed) return { ...verdict, scope: 'address' }
    }
    this.#requests.fail(addressKey)
    return { allowed: true }
  }

  /** May this number be tried now? */
  admitNumber(code: string): GuardVerdict {
    const verdict = this.#numberFailures.check(code)
    return verdict.allowed ? verdict : { ...verdict, scope: 'number' }
  }

  recordFailure(addressKey: string, code: string | null): FailureEffect {
    const address = this.#addressFailures.fail(addressKey)
    const number = code === null ? { allowed: true } : this.#numberFailures.fail(code)
    return { addressLockedOut: !address.allowed, numberLockedOut: !number.allowed }
  }
}
