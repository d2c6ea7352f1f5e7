import type { Kysely } from 'kysely'

/**
 * The website chat (chat/): the customer's token (SHA-256 only), who took a conversation
 * and how far each side read; each message's client-chosen id and its place in the
 * conversation; and each tenant's allowed widget origins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'customer_token_hash',
    'operator_id',
    'taken_at',
    'customer_read_id',
    'operator_read_id',
    'last_message_at',
  ]) {
    await db.schema.alterTable('chat_conversations').addColumn(column, 'text').execute()
  }
  await db.schema
    .createIndex('chat_conversations_tenant_state')
    .on('chat_conversations')
    .columns(['tenant_id', 'state'])
    .execute()
  await db.schema.alterTable('chat_messages').addColumn('client_id', 'text').execute()
  await db.schema.alterTable('chat_messages').addColumn('seq', 'integer').execute()
  await db.schema
    .createIndex('chat_messages_client_id')
    .on('chat_messages')
    .columns(['conversation_id', 'client_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('chat_messages_seq')
    .on('chat_messages')
    .columns(['conversation_id', 'seq'])
    .unique()
    .execute()
  await db.schema
    .createTable('chat_settings')
    .addColumn('tenant_id', 'text', (c) =>
      c.primaryKey().references('tenants.id').onDelete('cascade'),
    )
    .addColumn('allowed_origins', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('chat_settings').ifExists().execute()
  await db.schema.dropIndex('chat_messages_seq').ifExists().execute()
  await db.schema.dropIndex('chat_messages_client_id').ifExists().execute()
  await db.schema.dropIndex('chat_conversations_tenant_state').ifExists().execute()
}
