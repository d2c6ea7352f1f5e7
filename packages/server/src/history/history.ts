/**
 * Connection history (DESIGN.md S13): one row per support session with who, how, when and
 * from where. Metadata only: screen content, files and clipboard never reach the store.
 * Pages are newest first with an opaque keyset cursor.
 */
import type { Services } from '../services.js'
import type { SessionMethod, SessionState } from '../store/schema.js'
import * as store from './store.js'

type Deps = Pick<Services, 'db' | 'ciphers'>

export interface HistoryRow {
  readonly id: string
  readonly operator: { readonly id: string; readonly displayName: string }
  readonly method: SessionMethod
  readonly state: SessionState
  readonly outcome: string | null
  readonly createdAt: string
  readonly expiresAt: string
  readonly redeemedAt: string | null
  readonly startedAt: string | null
  readonly endedAt: string | null
  readonly customerIp: string | null
  readonly operatorIp: string | null
  readonly agentOs: string | null
  /** E-mail invitations: the customer's address (decrypted; rows are tenant-scoped). */
  readonly customerEmail: string | null
  /** Unattended sessions: the installed computer's name. */
  readonly deviceName: string | null
}

export interface HistoryViewer {
  readonly tenantId: string
  readonly operatorId: string
  readonly role: 'admin' | 'operator'
}

/** Filters as they arrive in the query string (already type-checked by the route schema). */
export interface HistoryFilterInput {
  readonly from?: string
  readonly to?: string
  readonly operatorId?: string
  readonly method?: SessionMethod
  readonly outcome?: string
  readonly state?: SessionState
  readonly cursor?: string
}

/** A filter value that is not acceptable; `field` names it for the 400 answer. */
export class HistoryFilterError extends Error {
  override readonly name = 'HistoryFilterError'
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

export type HistoryFilter = Omit<store.HistoryQuery, 'limit'>

const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/** Parses an ISO-8601 date or date-time (UTC when no offset is given) to the stored form. */
export function parseIsoTime(field: string, value: string): string {
  if (!ISO_DATE_TIME.test(value)) {
    throw new HistoryFilterError(field, `${field} must be an ISO-8601 date or date-time.`)
  }
  const hasTime = value.includes('T')
  const hasZone = hasTime && /(?:Z|[+-]\d{2}:?\d{2})$/.test(value)
  const time = new Date(hasTime && !hasZone ? `${value}Z` : value)
  // Date() rolls 2026-02-30 over to March; refuse days that do not exist instead.
  const day = value.slice(0, 10)
  const dayCheck = new Date(`${day}T00:00:00Z`)
  if (
    Number.isNaN(time.getTime()) ||
    Number.isNaN(dayCheck.getTime()) ||
    dayCheck.toISOString().slice(0, 10) !== day
  ) {
    throw new HistoryFilterError(field, `${field} is not a valid date.`)
  }
  return time.toISOString()
}

export function encodeCursor(row: { createdAt: string; id: string }): string {
  return Buffer.from(`${row.createdAt}\n${row.id}`, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const invalid = new HistoryFilterError('cursor', 'cursor is not one this server handed out.')
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw invalid
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('\n')
  if (createdAt === undefined || id === undefined || id === '' || rest.length > 0) throw invalid
  const time = new Date(createdAt)
  if (Number.isNaN(time.getTime()) || time.toISOString() !== createdAt) throw invalid
  return { createdAt, id }
}

/** Turns the query-string filters into a store query for this viewer; throws HistoryFilterError. */
export function buildFilter(viewer: HistoryViewer, input: HistoryFilterInput): HistoryFilter {
  const from = input.from === undefined ? null : parseIsoTime('from', input.from)
  const to = input.to === undefined ? null : parseIsoTime('to', input.to)
  if (from !== null && to !== null && from >= to) {
    throw new HistoryFilterError('to', 'to must be later than from.')
  }
  return {
    tenantId: viewer.tenantId,
    ownerId: viewer.role === 'admin' ? null : viewer.operatorId,
    operatorId: input.operatorId ?? null,
    method: input.method ?? null,
    outcome: input.outcome ?? null,
    state: input.state ?? null,
    from,
    to,
    after: input.cursor === undefined ? null : decodeCursor(input.cursor),
  }
}

export async function listHistory(
  deps: Deps,
  filter: HistoryFilter,
  limit: number,
): Promise<{ rows: HistoryRow[]; nextCursor: string | null }> {
  // One row more than asked tells whether another page exists.
  const found = await store.queryHistory(deps.db, { ...filter, limit: limit + 1 })
  const rows = found.slice(0, limit).map((row) => toHistoryRow(deps, row))
  const last = rows.at(-1)
  return { rows, nextCursor: found.length > limit && last ? encodeCursor(last) : null }
}

/** Every matching row, newest first, fetched a page at a time (for the CSV export). */
export async function* allHistory(
  deps: Deps,
  filter: HistoryFilter,
  pageSize = 500,
): AsyncGenerator<HistoryRow> {
  let after = filter.after
  for (;;) {
    const page = await store.queryHistory(deps.db, { ...filter, after, limit: pageSize })
    for (const row of page) yield toHistoryRow(deps, row)
    const last = page.at(-1)
    if (page.length < pageSize || last === undefined) return
    after = { createdAt: last.created_at, id: last.id }
  }
}

function toHistoryRow(deps: Deps, row: store.HistoryDbRow): HistoryRow {
  return {
    id: row.id,
    operator: { id: row.operator_id, displayName: row.operator_display_name ?? '' },
    method: row.method,
    state: row.state,
    outcome: row.outcome,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    redeemedAt: row.redeemed_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    customerIp: row.customer_ip,
    operatorIp: row.operator_ip,
    agentOs: row.agent_os,
    deviceName: row.device_name,
    customerEmail:
      row.invitee_email_cipher === null
        ? null
        : deps.ciphers.email.decrypt(row.invitee_email_cipher),
  }
}
