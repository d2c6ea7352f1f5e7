import type { Kysely, Selectable, Updateable } from 'kysely'

import type { Database, TenantTable } from '../store/schema.js'

export type TenantRow = Selectable<TenantTable>

export async function findTenant(db: Kysely<Database>, id: string): Promise<TenantRow | null> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst()
  return row ?? null
}

export async function anyTenantExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst()
  return row !== undefined
}

export async function updateTenant(
  db: Kysely<Database>,
  id: string,
  patch: Updateable<TenantTable>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return
  await db.updateTable('tenants').set(patch).where('id', '=', id).execute()
}
