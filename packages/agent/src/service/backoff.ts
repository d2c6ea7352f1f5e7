/**
 * How long the service waits before it reconnects its device socket: capped exponential
 * backoff with full jitter, so a server that comes back is not hit by every computer at once.
 * @module
 */

export interface Backoff {
  /** The first wait's ceiling. */
  readonly baseMs: number
  /** No wait is ever longer. */
  readonly maxMs: number
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 60_000 }

/**
 * The wait before reconnect attempt `attempt` (0 for the first): a random time between half
 * the ceiling and the ceiling, where the ceiling doubles each attempt up to `maxMs`.
 * `random` returns a number in [0, 1).
 */
export function backoffDelay(
  backoff: Backoff,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30)
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent)
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}
