import type { Kysely, Selectable } from 'kysely'

import type { ApiKeyTable, Database } from '../store/schema.js'

export type ApiKeyRow = Selectable<ApiKeyTable>

export async function insertApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute()
}

export async function listApiKeys(db: Kysely<Database>, tenantId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
}

export async function findApiKey(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<ApiKeyRow | null> {
  const row = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

export async function revokeApiKey(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  revokedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: revokedAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** A live key with what the principal needs of the operator it acts as. */
export async function findLiveApiKeyByHash(db: Kysely<Database>, keyHash: string) {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('operators as o', (join) =>
      join.onRef('o.id', '=', 'k.operator_id').onRef('o.tenant_id', '=', 'k.tenant_id'),
    )
    .select([
      'k.id',
      'k.tenant_id',
      'k.operator_id',
      'k.last_used_at',
      'o.role',
      'o.display_name',
      'o.disabled',
    ])
    .where('k.key_hash', '=', keyHash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst()
  return row ?? null
}

export async function touchApiKey(db: Kysely<Database>, id: string, usedAt: string) {
  await db.updateTable('api_keys').set({ last_used_at: usedAt }).where('id', '=', id).execute()
}
