/**
 * The unattended session this computer accepted and is running, kept in session.json beside
 * state.json (SPEC.md D5). The server may hand a session back with `resume` after the agent's
 * socket dropped or the computer restarted; the device rejoins without asking only a session
 * recorded here, so a server cannot skip the customer's consent (or the device's own stricter
 * policy) by calling a new session a resume. A record older than `maxAgeMs` is ignored.
 * @module
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises'

/** Longer than any restart the relay waits for (10 minutes), with room to spare. */
export const ACCEPTED_SESSION_MAX_AGE_MS = 60 * 60_000

export interface AcceptedSessions {
  /** Whether `sessionId` is the session this computer accepted (and not too long ago). */
  isAccepted(sessionId: string): Promise<boolean>
  remember(sessionId: string): Promise<void>
  forget(sessionId: string): Promise<void>
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/

export function acceptedSessionFile(
  path: string,
  now: () => number = Date.now,
  maxAgeMs = ACCEPTED_SESSION_MAX_AGE_MS,
): AcceptedSessions {
  const read = async (): Promise<{ sessionId: string; acceptedAt: number } | null> => {
    let value: unknown
    try {
      value = JSON.parse(await readFile(path, 'utf8'))
    } catch {
      return null
    }
    if (typeof value !== 'object' || value === null) return null
    const { sessionId, acceptedAt } = value as Record<string, unknown>
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId)) return null
    if (typeof acceptedAt !== 'number' || !Number.isFinite(acceptedAt)) return null
    return { sessionId, acceptedAt }
  }
  return {
    async isAccepted(sessionId) {
      const record = await read()
      if (record?.sessionId !== sessionId) return false
      const age = now() - record.acceptedAt
      return age >= 0 && age <= maxAgeMs
    },
    async remember(sessionId) {
      const next = `${path}.next`
      await writeFile(next, `${JSON.stringify({ sessionId, acceptedAt: now() })}\n`, {
        mode: 0o600,
      })
      await rename(next, path)
    },
    async forget(sessionId) {
      const record = await read()
      if (record === null || record.sessionId === sessionId) await rm(path, { force: true })
    },
  }
}
