/**
 * Support sessions: issuing numbers, who sees which session, and applying the life cycle
 * (session-state.ts) to the store. No HTTP here: routes.ts maps results to responses, and the
 * relay calls markActive / markEnded.
 */
import { randomUUID } from 'node:crypto'

import type { Services } from '../services.js'
import type { SessionMethod, SessionState } from '../store/schema.js'
import { issueSessionCode, type RandomInt } from './code-generator.js'
import {
  type SessionEvent,
  SessionOutcome,
  SessionTransitionError,
  transition,
} from './session-state.js'
import * as store from './store.js'

type Deps = Pick<Services, 'db' | 'clock'>

/** Who is asking: admins see the whole tenant, operators only their own sessions. */
export interface Viewer {
  readonly tenantId: string
  readonly operatorId: string
  readonly role: 'admin' | 'operator'
}

export interface SessionView {
  readonly id: string
  readonly code: string
  readonly state: SessionState
  readonly method: SessionMethod
  readonly operator: { readonly id: string; readonly displayName: string }
  readonly createdAt: string
  readonly expiresAt: string
  readonly redeemedAt: string | null
  readonly startedAt: string | null
  readonly endedAt: string | null
  readonly outcome: string | null
}

export class SessionNotFoundError extends Error {
  override readonly name = 'SessionNotFoundError'
}

export function toSessionView(row: store.SessionRowWithOperator): SessionView {
  return {
    id: row.id,
    code: row.code,
    state: row.state,
    method: row.method,
    operator: { id: row.operator_id, displayName: row.operator_display_name ?? '' },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    redeemedAt: row.redeemed_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    outcome: row.outcome,
  }
}

export interface NewSession {
  readonly tenantId: string
  readonly operatorId: string
  readonly method: SessionMethod
  readonly expiresInMinutes: number
  readonly operatorIp: string | null
  /** E-mail invitations: the invitee's address, encrypted and blind-indexed by the caller. */
  readonly inviteeEmail?: { readonly cipher: string; readonly index: string }
}

export async function createSession(
  deps: Deps,
  input: NewSession,
  random?: RandomInt,
): Promise<SessionView> {
  const now = deps.clock.now()
  const id = randomUUID()
  const row: Omit<store.NewSessionRow, 'code'> = {
    id,
    tenant_id: input.tenantId,
    operator_id: input.operatorId,
    method: input.method,
    state: 'waiting',
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + input.expiresInMinutes * 60_000).toISOString(),
    redeemed_at: null,
    started_at: null,
    ended_at: null,
    customer_ip: null,
    operator_ip: input.operatorIp,
    agent_os: null,
    outcome: null,
    agent_token_hash: null,
    invitee_email_cipher: input.inviteeEmail?.cipher ?? null,
    invitee_email_index: input.inviteeEmail?.index ?? null,
  }
  await issueSessionCode(
    (code) => store.insertSessionClaimingCode(deps.db, { ...row, code }),
    random,
  )
  const created = await store.findSession(deps.db, input.tenantId, id)
  if (created === undefined) throw new SessionNotFoundError(id)
  return toSessionView(created)
}

export async function listSessions(
  deps: Deps,
  viewer: Viewer,
  options: { scope: 'live' | 'all'; limit: number },
): Promise<SessionView[]> {
  const rows = await store.listSessions(deps.db, {
    tenantId: viewer.tenantId,
    operatorId: viewer.role === 'admin' ? null : viewer.operatorId,
    liveOnly: options.scope === 'live',
    now: deps.clock.now().toISOString(),
    limit: options.limit,
  })
  return Promise.all(rows.map((row) => settleExpiry(deps, row))).then((r) => r.map(toSessionView))
}

/** The session if the viewer may see it (else null: the route answers 404 either way). */
export async function getSession(
  deps: Deps,
  viewer: Viewer,
  id: string,
): Promise<SessionView | null> {
  const row = await findVisible(deps, viewer, id)
  return row === null ? null : toSessionView(await settleExpiry(deps, row))
}

export type CancelResult =
  | { readonly ok: true; readonly session: SessionView }
  | { readonly ok: false; readonly reason: 'not-found' | 'not-cancellable' }

export async function cancelSession(deps: Deps, viewer: Viewer, id: string): Promise<CancelResult> {
  const row = await findVisible(deps, viewer, id)
  if (row === null) return { ok: false, reason: 'not-found' }
  try {
    await applyEvent(deps, await settleExpiry(deps, row), 'cancel', {
      outcome: SessionOutcome.Cancelled,
      ended_at: deps.clock.now().toISOString(),
    })
  } catch (error) {
    if (error instanceof SessionTransitionError) return { ok: false, reason: 'not-cancellable' }
    throw error
  }
  const updated = await store.findSession(deps.db, viewer.tenantId, id)
  if (updated === undefined) return { ok: false, reason: 'not-found' }
  return { ok: true, session: toSessionView(updated) }
}

/** For the relay: agent and console are paired (connecting → active). */
export async function markActive(deps: Deps, sessionId: string): Promise<void> {
  const row = await store.findSessionById(deps.db, sessionId)
  if (row === undefined) throw new SessionNotFoundError(sessionId)
  await applyEvent(deps, row, 'pair', { started_at: deps.clock.now().toISOString() })
}

/** For the relay: the session is over (connecting|active → ended); frees the number. */
export async function markEnded(
  deps: Deps,
  sessionId: string,
  outcome: SessionOutcome,
  extra: { agentOs?: string } = {},
): Promise<void> {
  const row = await store.findSessionById(deps.db, sessionId)
  if (row === undefined) throw new SessionNotFoundError(sessionId)
  await applyEvent(deps, row, 'end', {
    outcome,
    ended_at: deps.clock.now().toISOString(),
    ...(extra.agentOs === undefined ? {} : { agent_os: extra.agentOs.slice(0, 200) }),
  })
}

/** Expires waiting sessions past their expiry and frees their numbers; returns how many. */
export async function expireDueSessions(deps: Deps): Promise<number> {
  const now = deps.clock.now().toISOString()
  return store.expireWaitingSessions(deps.db, now, {
    state: transition('waiting', 'expire'),
    outcome: SessionOutcome.Expired,
    ended_at: now,
  })
}

/** How long a redeemed session may wait for its agent before it is given up. */
export const CONNECT_TIMEOUT_MS = 60 * 60_000

/** Ends sessions redeemed long ago whose agent never connected (their number is freed). */
export async function endAbandonedConnections(deps: Deps): Promise<number> {
  const now = deps.clock.now()
  return store.endStaleConnectingSessions(
    deps.db,
    new Date(now.getTime() - CONNECT_TIMEOUT_MS).toISOString(),
    {
      state: transition('connecting', 'end'),
      outcome: SessionOutcome.NotConnected,
      ended_at: now.toISOString(),
    },
  )
}

/**
 * Applies `event` to the stored session, provided nobody changed it in between; otherwise the
 * event is judged against the state it has now.
 */
export async function applyEvent(
  deps: Deps,
  row: store.SessionRow,
  event: SessionEvent,
  patch: Omit<Parameters<typeof store.updateSessionState>[3], 'state'>,
): Promise<SessionState> {
  const to = transition(row.state, event)
  if (await store.updateSessionState(deps.db, row.id, row.state, { ...patch, state: to })) {
    return to
  }
  const current = await store.findSessionById(deps.db, row.id)
  if (current === undefined) throw new SessionNotFoundError(row.id)
  throw new SessionTransitionError(current.state, event)
}

/** A waiting session past its expiry is expired now, even before housekeeping gets to it. */
export async function settleExpiry<Row extends store.SessionRow>(
  deps: Deps,
  row: Row,
): Promise<Row> {
  const now = deps.clock.now().toISOString()
  if (row.state !== 'waiting' || row.expires_at > now) return row
  const patch = {
    state: transition('waiting', 'expire'),
    outcome: SessionOutcome.Expired,
    ended_at: now,
  }
  await store.updateSessionState(deps.db, row.id, 'waiting', patch)
  const current = await store.findSessionById(deps.db, row.id)
  return current === undefined ? row : { ...row, ...current }
}

async function findVisible(
  deps: Deps,
  viewer: Viewer,
  id: string,
): Promise<store.SessionRowWithOperator | null> {
  const row = await store.findSession(deps.db, viewer.tenantId, id)
  if (row === undefined) return null
  if (viewer.role !== 'admin' && row.operator_id !== viewer.operatorId) return null
  return row
}

/** Sessions holding a number (waiting, connecting, active) across all tenants. */
export async function countLiveSessions(deps: Deps): Promise<number> {
  return store.countLiveSessions(deps.db)
}
