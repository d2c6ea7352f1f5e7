import { type Kysely, sql } from 'kysely'

import type { Dialect } from '../store/db.js'
import type { Database, OperatorTable, TenantTable } from '../store/schema.js'

/** Any number fixed for the first-run lock; only needs to differ from other advisory locks. */
const FIRST_RUN_LOCK_KEY = 7_245_110_001

/**
 * Creates the first tenant and its admin in one transaction, only if no tenant exists yet:
 * false when another set-up won. PostgreSQL takes an advisory lock so two concurrent set-ups
 * cannot both see an empty table; SQLite allows one writer at a time anyway.
 */
export async function insertFirstTenant(
  db: Kysely<Database>,
  dialect: Dialect,
  tenant: TenantTable,
  admin: OperatorTable,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${FIRST_RUN_LOCK_KEY})`.execute(trx)
    }
    const existing = await trx.selectFrom('tenants').select('id').limit(1).executeTakeFirst()
    if (existing !== undefined) return false
    await trx.insertInto('tenants').values(tenant).execute()
    await trx.insertInto('operators').values(admin).execute()
    return true
  })
}
