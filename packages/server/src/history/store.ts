/**
 * Connection-history queries (the support_sessions rows, DESIGN.md S13) and the retention
 * purge of history and audit rows.
 */
import type { Kysely, Selectable } from 'kysely'

import type { Database, SessionMethod, SessionState, SupportSessionTable } from '../store/schema.js'

type Db = Kysely<Database>

export type HistoryDbRow = Pick<
  Selectable<SupportSessionTable>,
  | 'id'
  | 'operator_id'
  | 'method'
  | 'state'
  | 'outcome'
  | 'created_at'
  | 'expires_at'
  | 'redeemed_at'
  | 'started_at'
  | 'ended_at'
  | 'customer_ip'
  | 'operator_ip'
  | 'agent_os'
  | 'invitee_email_cipher'
> & {
  operator_display_name: string | null
  /** Unattended sessions: the installed computer's name. */
  device_name: string | null
}

export interface HistoryQuery {
  readonly tenantId: string
  /** Operators see only their own rows: their id; admins: null. */
  readonly ownerId: string | null
  readonly operatorId: string | null
  readonly method: SessionMethod | null
  readonly outcome: string | null
  readonly state: SessionState | null
  /** created_at >= from */
  readonly from: string | null
  /** created_at < to */
  readonly to: string | null
  /** Rows strictly after this one in newest-first order. */
  readonly after: { readonly createdAt: string; readonly id: string } | null
  readonly limit: number
}

export async function queryHistory(db: Db, q: HistoryQuery): Promise<HistoryDbRow[]> {
  let query = db
    .selectFrom('support_sessions as s')
    .leftJoin('operators as o', (join) =>
      join.onRef('o.id', '=', 's.operator_id').onRef('o.tenant_id', '=', 's.tenant_id'),
    )
    .leftJoin('device_sessions as ds', 'ds.session_id', 's.id')
    .leftJoin('devices as dv', 'dv.id', 'ds.device_id')
    .select([
      's.id',
      's.operator_id',
      's.method',
      's.state',
      's.outcome',
      's.created_at',
      's.expires_at',
      's.redeemed_at',
      's.started_at',
      's.ended_at',
      's.customer_ip',
      's.operator_ip',
      's.agent_os',
      's.invitee_email_cipher',
      'o.display_name as operator_display_name',
      'dv.name as device_name',
    ])
    .where('s.tenant_id', '=', q.tenantId)
  if (q.ownerId !== null) query = query.where('s.operator_id', '=', q.ownerId)
  if (q.operatorId !== null) query = query.where('s.operator_id', '=', q.operatorId)
  if (q.method !== null) query = query.where('s.method', '=', q.method)
  if (q.outcome !== null) query = query.where('s.outcome', '=', q.outcome)
  if (q.state !== null) query = query.where('s.state', '=', q.state)
  if (q.from !== null) query = query.where('s.created_at', '>=', q.from)
  if (q.to !== null) query = query.where('s.created_at', '<', q.to)
  const after = q.after
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([
        eb('s.created_at', '<', after.createdAt),
        eb.and([eb('s.created_at', '=', after.createdAt), eb('s.id', '<', after.id)]),
      ]),
    )
  }
  return query.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(q.limit).execute()
}

export async function listTenantRetention(
  db: Db,
): Promise<Array<{ id: string; retention_days: number }>> {
  return db.selectFrom('tenants').select(['id', 'retention_days']).execute()
}

const FINAL_STATES: readonly SessionState[] = ['ended', 'expired', 'cancelled']

/**
 * Deletes the tenant's finished sessions created before `before`, with their chat
 * conversations (messages go with them) and any leftover live code. Returns the sessions
 * deleted.
 */
export async function deleteSessionsBefore(
  db: Db,
  tenantId: string,
  before: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const doomed = trx
      .selectFrom('support_sessions')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('created_at', '<', before)
      .where('state', 'in', FINAL_STATES)
    await trx
      .deleteFrom('chat_conversations')
      .where('tenant_id', '=', tenantId)
      .where('session_id', 'in', doomed)
      .execute()
    await trx.deleteFrom('live_codes').where('session_id', 'in', doomed).execute()
    const result = await trx
      .deleteFrom('support_sessions')
      .where('tenant_id', '=', tenantId)
      .where('created_at', '<', before)
      .where('state', 'in', FINAL_STATES)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  })
}
