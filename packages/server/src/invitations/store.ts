/** E-mail invitation queries: the invitation rows, joined to their session and tenant. */
import type { Kysely, Selectable, Updateable } from 'kysely'

import type { Database, SessionInvitationTable, SessionState } from '../store/schema.js'

type Db = Kysely<Database>

export type InvitationRow = Selectable<SessionInvitationTable>

/** An invitation with what the link and the console need from its session and tenant. */
export type InvitationWithSession = InvitationRow & {
  readonly code: string
  readonly state: SessionState
  readonly expires_at: string
  readonly invitee_email_cipher: string | null
  readonly tenant_name: string
}

function selectWithSession(db: Db) {
  return db
    .selectFrom('session_invitations as i')
    .innerJoin('support_sessions as s', (join) =>
      join.onRef('s.id', '=', 'i.session_id').onRef('s.tenant_id', '=', 'i.tenant_id'),
    )
    .innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .selectAll('i')
    .select([
      's.code',
      's.state',
      's.expires_at',
      's.invitee_email_cipher',
      't.name as tenant_name',
    ])
}

export async function insertInvitation(db: Db, row: SessionInvitationTable): Promise<void> {
  await db.insertInto('session_invitations').values(row).execute()
}

export async function findByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<InvitationWithSession | undefined> {
  return selectWithSession(db).where('i.token_hash', '=', tokenHash).executeTakeFirst()
}

export async function findBySession(
  db: Db,
  tenantId: string,
  sessionId: string,
): Promise<InvitationWithSession | undefined> {
  return selectWithSession(db)
    .where('i.tenant_id', '=', tenantId)
    .where('i.session_id', '=', sessionId)
    .executeTakeFirst()
}

/** The tenant's newest invitations (one operator's when `operatorId` is set). */
export async function listInvitations(
  db: Db,
  q: { tenantId: string; operatorId: string | null; limit: number },
): Promise<InvitationWithSession[]> {
  let query = selectWithSession(db).where('i.tenant_id', '=', q.tenantId)
  if (q.operatorId !== null) query = query.where('i.operator_id', '=', q.operatorId)
  return query.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(q.limit).execute()
}

export async function updateInvitation(
  db: Db,
  id: string,
  patch: Updateable<SessionInvitationTable>,
): Promise<void> {
  await db.updateTable('session_invitations').set(patch).where('id', '=', id).execute()
}
