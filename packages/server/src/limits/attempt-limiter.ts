/**
 * Counts failed attempts per key (an IP, an IPv6 /64, a session code, an account) and locks a
 * key out for a growing time once it fails too often: each lockout doubles the last one, up to
 * a ceiling. Success does not reset a lockout already running; `reset` clears the key.
 * In-process only; with several nodes the cluster layer supplies a shared implementation.
 */
import type { Clock } from '../clock.js'

export interface AttemptLimiterOptions {
  /** Failures allowed inside `windowMs` before the first lockout. */
  readonly maxFailures: number
  readonly windowMs: number
  readonly firstLockoutMs: number
  readonly maxLockoutMs: number
  /** Keys tracked at most; the oldest are forgotten first so memory stays bounded. */
  readonly maxKeys?: number
}

export type AttemptVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number }

interface Entry {
  failures: number[]
  lockedUntil: number
  lockouts: number
}

export class AttemptLimiter {
  readonly #entries = new Map<string, Entry>()
  readonly #maxKeys: number

  constructor(
    private readonly options: AttemptLimiterOptions,
    private readonly clock: Clock,
  ) {
    this.#maxKeys = options.maxKeys ?? 100_000
  }

  /** May this key try now? */
  check(key: string): AttemptVerdict {
    const entry = this.#entries.get(key)
    const now = this.clock.now().getTime()
    if (entry === undefined || entry.lockedUntil <= now) return { allowed: true }
    return { allowed: false, retryAfterMs: entry.lockedUntil - now }
  }

  /** Records a failure; returns the verdict for the next attempt. */
  fail(key: string): AttemptVerdict {
    const now = this.clock.now().getTime()
    const entry = this.#touch(key)
    entry.failures = entry.failures.filter((t) => t > now - this.options.windowMs)
    entry.failures.push(now)
    if (entry.failures.length >= this.options.maxFailures) {
      const lockoutMs = Math.min(
        this.options.firstLockoutMs * 2 ** entry.lockouts,
        this.options.maxLockoutMs,
      )
      entry.lockouts += 1
      entry.lockedUntil = now + lockoutMs
      entry.failures = []
    }
    return this.check(key)
  }

  reset(key: string): void {
    this.#entries.delete(key)
  }

  #touch(key: string): Entry {
    let entry = this.#entries.get(key)
    if (entry === undefined) {
      if (this.#entries.size >= this.#maxKeys) {
        const oldest = this.#entries.keys().next()
        if (oldest.done !== true) this.#entries.delete(oldest.value)
      }
      entry = { failures: [], lockedUntil: 0, lockouts: 0 }
    } else {
      this.#entries.delete(key)
    }
    // Re-insert so Map order is least-recently-used first.
    this.#entries.set(key, entry)
    return entry
  }
}
