import type { Kysely } from 'kysely'

import type { Database } from '../store/schema.js'

/** A stored audit event, as the rules in audit.ts see it. */
export interface AuditEvent {
  readonly id: string
  readonly tenantId: string | null
  readonly kind: string
  readonly ip: string | null
  readonly operatorId: string | null
  readonly detail: Readonly<Record<string, string | number | boolean | null>>
  readonly createdAt: string
}

export async function insertAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: event.id,
      tenant_id: event.tenantId,
      kind: event.kind,
      ip: event.ip,
      operator_id: event.operatorId,
      detail: JSON.stringify(event.detail),
      created_at: event.createdAt,
    })
    .execute()
}

export async function listAuditEvents(
  db: Kysely<Database>,
  tenantId: string,
  limit: number,
): Promise<AuditEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    ip: row.ip,
    operatorId: row.operator_id,
    detail: JSON.parse(row.detail) as Record<string, string | number | boolean | null>,
    createdAt: row.created_at,
  }))
}

export async function deleteAuditEventsBefore(
  db: Kysely<Database>,
  tenantId: string | null,
  before: string,
): Promise<number> {
  const query = db.deleteFrom('audit_events').where('created_at', '<', before)
  const result = await (
    tenantId === null
      ? query.where('tenant_id', 'is', null)
      : query.where('tenant_id', '=', tenantId)
  ).executeTakeFirst()
  return Number(result.numDeletedRows)
}
