import type { Kysely } from 'kysely'

/**
 * Unattended connections (SPEC.md D3, docs/devices.md): which support session was opened to
 * which installed device, with the expiry and first use of its single-use agent token; and
 * when a device removed itself (`agent uninstall`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_sessions')
    .addColumn('session_id', 'text', (c) =>
      c.primaryKey().references('support_sessions.id').onDelete('cascade'),
    )
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('token_expires_at', 'text', (c) => c.notNull())
    .addColumn('token_used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('device_sessions_device')
    .on('device_sessions')
    .columns(['device_id', 'created_at'])
    .execute()
  await db.schema.alterTable('devices').addColumn('left_at', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('left_at').execute()
  await db.schema.dropTable('device_sessions').execute()
}
