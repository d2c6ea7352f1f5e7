/** Support-session queries. Every look-up a route makes is scoped by tenant. */
import type { Kysely, Selectable, Updateable } from 'kysely'

import type { Database, SessionState, SupportSessionTable } from '../store/schema.js'
import { LIVE_STATES } from './session-state.js'

export type SessionRow = Selectable<SupportSessionTable>
export type SessionRowWithOperator = SessionRow & { operator_display_name: string | null }
export type NewSessionRow = SupportSessionTable

type Db = Kysely<Database>

const FINAL_STATES: readonly SessionState[] = ['ended', 'expired', 'cancelled']

function selectWithOperator(db: Db) {
  return db
    .selectFrom('support_sessions as s')
    .leftJoin('operators as o', (join) =>
      join.onRef('o.id', '=', 's.operator_id').onRef('o.tenant_id', '=', 's.tenant_id'),
    )
    .selectAll('s')
    .select('o.display_name as operator_display_name')
}

class CodeTaken extends Error {}

/**
 * Inserts the session and claims its number in live_codes in one transaction. Returns false
 * (and writes nothing) when the number is already held by another live session.
 */
export async function insertSessionClaimingCode(db: Db, row: NewSessionRow): Promise<boolean> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('support_sessions').values(row).execute()
      const claimed = await trx
        .insertInto('live_codes')
        .values({ code: row.code, session_id: row.id, created_at: row.created_at })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('code')
        .executeTakeFirst()
      if (claimed === undefined) throw new CodeTaken()
    })
    return true
  } catch (error) {
    if (error instanceof CodeTaken) return false
    throw error
  }
}

export async function findSession(
  db: Db,
  tenantId: string,
  id: string,
): Promise<SessionRowWithOperator | undefined> {
  return selectWithOperator(db)
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', '=', id)
    .executeTakeFirst()
}

/** For the relay and housekeeping, which know a session only by its id. */
export async function findSessionById(db: Db, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('support_sessions').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface SessionListQuery {
  readonly tenantId: string
  /** Null: every operator of the tenant (admins). */
  readonly operatorId: string | null
  readonly liveOnly: boolean
  readonly now: string
  readonly limit: number
}

export async function listSessions(db: Db, q: SessionListQuery): Promise<SessionRowWithOperator[]> {
  let query = selectWithOperator(db).where('s.tenant_id', '=', q.tenantId)
  if (q.operatorId !== null) query = query.where('s.operator_id', '=', q.operatorId)
  if (q.liveOnly) {
    query = query
      .where('s.state', 'in', LIVE_STATES)
      .where((eb) => eb.or([eb('s.state', '!=', 'waiting'), eb('s.expires_at', '>', q.now)]))
  }
  return query.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(q.limit).execute()
}

/** The newest session that was ever issued this number (in one tenant when given). */
export async function findNewestByCode(
  db: Db,
  code: string,
  tenantId: string | null,
): Promise<SessionRow | undefined> {
  let query = db.selectFrom('support_sessions').selectAll().where('code', '=', code)
  if (tenantId !== null) query = query.where('tenant_id', '=', tenantId)
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
}

/**
 * Moves a session from `from` to `patch.state` only if it is still in `from` (so two
 * concurrent transitions cannot both win), and frees its number when the new state is final.
 * Returns whether this call made the change.
 */
export async function updateSessionState(
  db: Db,
  id: string,
  from: SessionState,
  patch: Updateable<SupportSessionTable> & { state: SessionState },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('support_sessions')
      .set(patch)
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) return false
    if (FINAL_STATES.includes(patch.state)) {
      await trx.deleteFrom('live_codes').where('session_id', '=', id).execute()
    }
    return true
  })
}

type FinalPatch = Updateable<SupportSessionTable> & { state: SessionState }

/** Expires every waiting session whose number ran out; returns how many. */
export function expireWaitingSessions(db: Db, now: string, patch: FinalPatch): Promise<number> {
  return finishSessionsBefore(db, 'waiting', 'expires_at', '<=', now, patch)
}

/** Ends sessions redeemed before `redeemedBefore` whose agent never connected. */
export function endStaleConnectingSessions(
  db: Db,
  redeemedBefore: string,
  patch: FinalPatch,
): Promise<number> {
  return finishSessionsBefore(db, 'connecting', 'redeemed_at', '<', redeemedBefore, patch)
}

/** Moves sessions in `state` whose `column` is before `time` to a final state, freeing their numbers. */
function finishSessionsBefore(
  db: Db,
  state: SessionState,
  column: 'expires_at' | 'redeemed_at',
  operator: '<' | '<=',
  time: string,
  patch: FinalPatch,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('support_sessions')
      .set(patch)
      .where('state', '=', state)
      .where(column, operator, time)
      .executeTakeFirst()
    await deleteFinalLiveCodes(trx)
    return Number(result.numUpdatedRows)
  })
}

async function deleteFinalLiveCodes(db: Db): Promise<void> {
  await db
    .deleteFrom('live_codes')
    .where('session_id', 'in', (eb) =>
      eb.selectFrom('support_sessions').select('id').where('state', 'in', FINAL_STATES),
    )
    .execute()
}

export async function countLiveSessions(db: Db): Promise<number> {
  const row = await db
    .selectFrom('live_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

export async function findTenantBySlug(
  db: Db,
  slug: string,
): Promise<{ id: string; slug: string; name: string } | undefined> {
  return db
    .selectFrom('tenants')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

export async function findTenantAndOperator(
  db: Db,
  tenantId: string,
  operatorId: string,
): Promise<{ tenantName: string; tenantSlug: string; operatorName: string | null } | undefined> {
  return db
    .selectFrom('tenants as t')
    .leftJoin('operators as o', (join) =>
      join.onRef('o.tenant_id', '=', 't.id').on('o.id', '=', operatorId),
    )
    .select(['t.name as tenantName', 't.slug as tenantSlug', 'o.display_name as operatorName'])
    .where('t.id', '=', tenantId)
    .executeTakeFirst()
}
