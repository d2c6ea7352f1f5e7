import type { Kysely } from 'kysely'

/**
 * Installed agents (DESIGN.md S9, docs/devices.md): single-use enrolment tokens an admin
 * creates (only their SHA-256 is kept), the devices enrolled with them (only the SHA-256 of
 * each device's secret is kept) and each tenant's unattended-access policy.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_enrolment_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text')
    .addColumn('group_name', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by_device_id', 'text')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema
    .createIndex('device_enrolment_tokens_tenant_created')
    .on('device_enrolment_tokens')
    .columns(['tenant_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text')
    .addColumn('os_platform', 'text', (c) => c.notNull())
    .addColumn('os_release', 'text', (c) => c.notNull())
    .addColumn('os_arch', 'text', (c) => c.notNull())
    .addColumn('agent_version', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('enrolment_token_id', 'text', (c) => c.notNull().unique())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('enrolled_ip', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('last_ip', 'text')
    .addColumn('policy_mode', 'text')
    .addColumn('policy_ask_seconds', 'integer')
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema
    .createIndex('devices_tenant_name')
    .on('devices')
    .columns(['tenant_id', 'name'])
    .execute()

  await db.schema
    .createTable('device_settings')
    .addColumn('tenant_id', 'text', (c) =>
      c.primaryKey().references('tenants.id').onDelete('cascade'),
    )
    .addColumn('policy_mode', 'text', (c) => c.notNull())
    .addColumn('policy_ask_seconds', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('device_settings').ifExists().execute()
  await db.schema.dropTable('devices').ifExists().execute()
  await db.schema.dropTable('device_enrolment_tokens').ifExists().execute()
}
