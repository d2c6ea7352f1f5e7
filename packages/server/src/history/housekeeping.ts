/**
 * Background jobs of one server process: every minute, expire waiting sessions whose number
 * ran out and give up redemptions whose agent never came; every purgeIntervalMinutes, purge
 * rows past their retention and console log-ins that expired or went idle. The work itself is in sessions.ts and purge.ts (tests call it
 * directly with a manual clock); this file only schedules it. Timers never keep the process
 * alive, and a run never overlaps the previous one of the same job.
 */
import { purgeStaleWebSessions } from '../auth/web-sessions.js'
import type { Services } from '../services.js'
import {
  countLiveSessions,
  endAbandonedConnections,
  expireDueSessions,
} from '../sessions/sessions.js'
import { purgeExpiredHistory } from './purge.js'

export const EXPIRY_INTERVAL_MS = 60_000

type Deps = Pick<Services, 'db' | 'clock' | 'config' | 'metrics'>

export interface ExpiryCounts {
  readonly expired: number
  readonly abandoned: number
  readonly live: number
}

export async function runExpiry(services: Deps): Promise<ExpiryCounts> {
  const expired = await expireDueSessions(services)
  const abandoned = await endAbandonedConnections(services)
  const live = await countLiveSessions(services)
  services.metrics.liveSessions.set(live)
  return { expired, abandoned, live }
}

export async function runPurge(services: Deps): Promise<number> {
  await purgeStaleWebSessions(services)
  const counts = await purgeExpiredHistory(services)
  services.metrics.historyPurged.inc(counts.sessions)
  return counts.sessions
}

export type HousekeepingErrorHandler = (job: 'expiry' | 'purge', error: unknown) => void

const reportToStderr: HousekeepingErrorHandler = (job, error) => {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`tasuke: housekeeping job '${job}' failed: ${message}\n`)
}

export function startHousekeeping(
  services: Deps,
  onError: HousekeepingErrorHandler = reportToStderr,
): { stop(): Promise<void> } {
  const inFlight = new Set<Promise<unknown>>()
  const running = new Set<string>()
  let stopped = false

  const run = (job: 'expiry' | 'purge', work: () => Promise<unknown>) => {
    if (stopped || running.has(job)) return
    running.add(job)
    const promise = work()
      .catch((error: unknown) => {
        if (!stopped) onError(job, error)
      })
      .finally(() => {
        running.delete(job)
        inFlight.delete(promise)
      })
    inFlight.add(promise)
  }
  const expiry = () => {
    run('expiry', () => runExpiry(services))
  }
  const purge = () => {
    run('purge', () => runPurge(services))
  }

  const purgeMs = Math.max(1, services.config.purgeIntervalMinutes) * 60_000
  const timers = [
    setInterval(expiry, EXPIRY_INTERVAL_MS),
    setInterval(purge, purgeMs),
    // A first run soon after start: restarts should not postpone expiry or retention.
    setTimeout(() => {
      expiry()
      purge()
    }, 1_000),
  ]
  for (const timer of timers) timer.unref()

  return {
    async stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      await Promise.allSettled([...inFlight])
    },
  }
}
