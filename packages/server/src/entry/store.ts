/** Entry-page queries: a tenant's public face by slug, numbers in one tenant, status handles. */
import type { Kysely, Selectable } from 'kysely'

import type {
  Database,
  EntryStatusHandleTable,
  SessionState,
  SupportSessionTable,
} from '../store/schema.js'

type Db = Kysely<Database>

export interface EntryTenantRow {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly brand_color: string
  readonly logo_url: string | null
}

export async function findTenantBySlug(db: Db, slug: string): Promise<EntryTenantRow | undefined> {
  return db
    .selectFrom('tenants')
    .select(['id', 'slug', 'name', 'brand_color', 'logo_url'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}

/** The newest session of this tenant ever issued the number: other tenants' rows never match. */
export async function findNewestInTenant(
  db: Db,
  tenantId: string,
  code: string,
): Promise<Selectable<SupportSessionTable> | undefined> {
  return db
    .selectFrom('support_sessions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function insertStatusHandle(db: Db, row: EntryStatusHandleTable): Promise<void> {
  await db.insertInto('entry_status_handles').values(row).execute()
}

export interface HandleSessionRow {
  readonly session_id: string
  readonly tenant_slug: string
  readonly handle_expires_at: string
  readonly code: string
  readonly state: SessionState
  readonly outcome: string | null
  readonly expires_at: string
  readonly ended_at: string | null
}

/** The session a handle follows, with its tenant's slug; undefined for an unknown handle. */
export async function findByHandleHash(
  db: Db,
  handleHash: string,
): Promise<HandleSessionRow | undefined> {
  return db
    .selectFrom('entry_status_handles as h')
    .innerJoin('support_sessions as s', 's.id', 'h.session_id')
    .innerJoin('tenants as t', 't.id', 'h.tenant_id')
    .select([
      'h.session_id',
      't.slug as tenant_slug',
      'h.expires_at as handle_expires_at',
      's.code',
      's.state',
      's.outcome',
      's.expires_at',
      's.ended_at',
    ])
    .where('h.handle_hash', '=', handleHash)
    .executeTakeFirst()
}

export async function findSessionById(
  db: Db,
  id: string,
): Promise<Selectable<SupportSessionTable> | undefined> {
  return db.selectFrom('support_sessions').selectAll().where('id', '=', id).executeTakeFirst()
}
