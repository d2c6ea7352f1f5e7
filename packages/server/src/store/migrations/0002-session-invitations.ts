import type { Kysely } from 'kysely'

/**
 * E-mail invitations to a support session (DESIGN.md S5): one row per invited session with
 * the SHA-256 of the link's token, the mail's language and time zone and how its delivery
 * went. The address itself stays encrypted on the session row (invitee_email_cipher/index),
 * so the retention purge removes it with the session; this row goes with it (cascade).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('session_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) =>
      c.notNull().unique().references('support_sessions.id').onDelete('cascade'),
    )
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('delivery_error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('session_invitations_tenant_created')
    .on('session_invitations')
    .columns(['tenant_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('session_invitations').execute()
}
