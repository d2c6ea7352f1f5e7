/**
 * Console log-in sessions: a random cookie value whose SHA-256 is the row id, so a copy of
 * the database cannot be replayed as a cookie. Sessions last 12 hours at most and end after
 * 2 hours without a request.
 */
import { createHash, randomBytes } from 'node:crypto'

import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import {
  deleteOperatorWebSessions,
  deleteStaleWebSessions,
  deleteWebSession,
  findWebSession,
  insertWebSession,
  touchWebSession,
} from './store.js'

export const SESSION_COOKIE = 'tasuke_session'
export const WEB_SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000
export const WEB_SESSION_IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000
/** last_seen_at is written at most this often, so reads do not each cost a write. */
export const WEB_SESSION_TOUCH_INTERVAL_MS = 60 * 1000

const SESSION_VALUE_BYTES = 32
const CSRF_TOKEN_BYTES = 32
const MAX_USER_AGENT_LENGTH = 300
/** Cookie values we issue are 43 base64url characters; anything else is not ours. */
const SESSION_VALUE_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** The cookie attributes of the session cookie (values for @fastify/cookie). */
export const SESSION_COOKIE_OPTIONS = {
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  path: '/',
  maxAge: WEB_SESSION_LIFETIME_MS / 1000,
} as const

export interface StartedWebSession {
  /** The cookie value; only its hash is stored. */
  readonly cookieValue: string
  readonly csrfToken: string
}

export function hashSessionValue(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex')
}

export async function startWebSession(
  services: Services,
  input: { operatorId: string; tenantId: string; ip: string; userAgent: string | undefined },
): Promise<StartedWebSession> {
  const cookieValue = randomBytes(SESSION_VALUE_BYTES).toString('base64url')
  const csrfToken = randomBytes(CSRF_TOKEN_BYTES).toString('base64url')
  const now = services.clock.now()
  await insertWebSession(services.db, {
    id_hash: hashSessionValue(cookieValue),
    operator_id: input.operatorId,
    tenant_id: input.tenantId,
    csrf_token: csrfToken,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + WEB_SESSION_LIFETIME_MS).toISOString(),
    ip: input.ip,
    user_agent: (input.userAgent ?? '').slice(0, MAX_USER_AGENT_LENGTH),
  })
  return { cookieValue, csrfToken }
}

/** The principal of a session cookie, or null when it is unknown, expired, idle or disabled. */
export async function resolveWebSession(
  services: Services,
  cookieValue: string,
): Promise<Principal | null> {
  if (!SESSION_VALUE_PATTERN.test(cookieValue)) return null
  const idHash = hashSessionValue(cookieValue)
  const row = await findWebSession(services.db, idHash)
  if (row === null || row.disabled !== 0) return null
  const now = services.clock.now().getTime()
  const lastSeen = Date.parse(row.last_seen_at)
  if (Date.parse(row.expires_at) <= now || lastSeen + WEB_SESSION_IDLE_TIMEOUT_MS <= now) {
    await deleteWebSession(services.db, idHash)
    return null
  }
  if (now - lastSeen >= WEB_SESSION_TOUCH_INTERVAL_MS) {
    await touchWebSession(services.db, idHash, new Date(now).toISOString())
  }
  return {
    kind: 'operator-session',
    operatorId: row.operator_id,
    tenantId: row.tenant_id,
    role: row.role,
    displayName: row.display_name,
    webSessionIdHash: idHash,
    csrfToken: row.csrf_token,
    apiKeyId: null,
  }
}

export async function endWebSession(services: Services, idHash: string): Promise<void> {
  await deleteWebSession(services.db, idHash)
}

/** Deletes expired and idle sessions (for the periodic housekeeping); returns how many. */
export async function purgeStaleWebSessions(
  services: Pick<Services, 'db' | 'clock'>,
): Promise<number> {
  const now = services.clock.now().getTime()
  return deleteStaleWebSessions(
    services.db,
    new Date(now).toISOString(),
    new Date(now - WEB_SESSION_IDLE_TIMEOUT_MS).toISOString(),
  )
}

/** Ends the operator's sessions on every device (but `keepIdHash`, when given). */
export async function endOperatorWebSessions(
  services: Services,
  operatorId: string,
  keepIdHash: string | null = null,
): Promise<number> {
  return deleteOperatorWebSessions(services.db, operatorId, keepIdHash)
}
