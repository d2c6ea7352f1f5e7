import type { Kysely } from 'kysely'

/**
 * The customer entry page's status handles (entry/): the SHA-256 of a random handle that
 * lets one browser follow one session's state. Named 0003 so an 0002 can land beside it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('entry_status_handles')
    .addColumn('handle_hash', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) =>
      c.notNull().references('support_sessions.id').onDelete('cascade'),
    )
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('entry_status_handles_session')
    .on('entry_status_handles')
    .column('session_id')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('entry_status_handles').ifExists().execute()
}
