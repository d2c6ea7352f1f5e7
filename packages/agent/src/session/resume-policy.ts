/**
 * When the agent tries again after its link dropped (docs/relay.md "Dropped connections and
 * resume"): the relay keeps the session for 30 s, so the agent retries with growing pauses
 * until then, and gives up after.
 */

export interface ResumePolicy {
  /** How long after the drop the relay still keeps the session. */
  readonly graceMs: number
  /** Pause before each attempt; the last one repeats. */
  readonly delaysMs: readonly number[]
}

export const DEFAULT_RESUME_POLICY: ResumePolicy = {
  graceMs: 30_000,
  delaysMs: [500, 1_000, 2_000, 4_000, 8_000],
}

/** The pause before attempt `attempt` (0-based), or null when the grace period is over. */
export function resumeDelay(
  policy: ResumePolicy,
  attempt: number,
  remainingMs: number,
): number | null {
  if (remainingMs <= 0) return null
  const delays = policy.delaysMs
  const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1_000
  return delay < remainingMs ? delay : null
}
