/**
 * Chat storage for the website widget: conversations (queue, take, close, read positions),
 * numbered messages with the client's id, and each tenant's allowed widget origins.
 * Message text is sealed with the chat cipher here, never stored in clear.
 */
import { randomUUID } from 'node:crypto'

import type { Kysely } from 'kysely'

import type { FieldCipher } from '../secrets/field-cipher.js'
import type { ChatConversationTable, ChatMessageTable, Database } from '../store/schema.js'

type Db = Kysely<Database>

export type ConversationRow = ChatConversationTable & { operator_name: string | null }

export interface StoredMessage {
  readonly clientId: string
  readonly seq: number
  readonly sender: ChatMessageTable['sender']
  readonly operatorName: string | null
  readonly text: string
  readonly createdAt: string
}

export async function insertWidgetConversation(
  db: Db,
  input: { tenantId: string; customerName: string | null; tokenHash: string; now: Date },
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('chat_conversations')
    .values({
      id,
      tenant_id: input.tenantId,
      session_id: null,
      customer_name: input.customerName,
      state: 'waiting',
      created_at: input.now.toISOString(),
      closed_at: null,
      customer_token_hash: input.tokenHash,
      operator_id: null,
      taken_at: null,
      customer_read_id: null,
      operator_read_id: null,
      last_message_at: null,
    })
    .execute()
  return id
}

function conversationQuery(db: Db) {
  return db
    .selectFrom('chat_conversations as c')
    .leftJoin('operators as o', 'o.id', 'c.operator_id')
    .selectAll('c')
    .select('o.display_name as operator_name')
}

/** One conversation; with `tenantId` only if it belongs to that tenant. */
export async function findConversation(
  db: Db,
  id: string,
  tenantId?: string,
): Promise<ConversationRow | undefined> {
  let query = conversationQuery(db).where('c.id', '=', id)
  if (tenantId !== undefined) query = query.where('c.tenant_id', '=', tenantId)
  return query.executeTakeFirst()
}

/** The tenant's widget conversations in the given states, oldest first. */
export async function listConversations(
  db: Db,
  tenantId: string,
  states: readonly string[],
  limit: number,
): Promise<ConversationRow[]> {
  const query = conversationQuery(db)
    .where('c.tenant_id', '=', tenantId)
    .where('c.state', 'in', states)
    .where('c.customer_token_hash', 'is not', null)
  const newestFirst = states.includes('closed')
  return query
    .orderBy('c.created_at', newestFirst ? 'desc' : 'asc')
    .limit(limit)
    .execute()
}

/** Moves a waiting conversation to `active` for one operator; false if someone was first. */
export async function takeConversation(
  db: Db,
  input: { id: string; tenantId: string; operatorId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('chat_conversations')
    .set({ state: 'active', operator_id: input.operatorId, taken_at: input.now.toISOString() })
    .where('id', '=', input.id)
    .where('tenant_id', '=', input.tenantId)
    .where('state', '=', 'waiting')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function closeConversation(
  db: Db,
  input: { id: string; tenantId: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('chat_conversations')
    .set({ state: 'closed', closed_at: input.now.toISOString() })
    .where('id', '=', input.id)
    .where('tenant_id', '=', input.tenantId)
    .where('state', '!=', 'closed')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function linkSession(db: Db, id: string, sessionId: string): Promise<void> {
  await db
    .updateTable('chat_conversations')
    .set({ session_id: sessionId })
    .where('id', '=', id)
    .execute()
}

export async function setReadPosition(
  db: Db,
  id: string,
  side: 'customer' | 'operator',
  clientId: string,
): Promise<void> {
  await db
    .updateTable('chat_conversations')
    .set(side === 'customer' ? { customer_read_id: clientId } : { operator_read_id: clientId })
    .where('id', '=', id)
    .execute()
}

/** The stored message with this client id, if any (a resend). */
export async function findMessage(
  db: Db,
  cipher: FieldCipher,
  conversationId: string,
  clientId: string,
): Promise<StoredMessage | undefined> {
  const row = await messageQuery(db)
    .where('m.conversation_id', '=', conversationId)
    .where('m.client_id', '=', clientId)
    .executeTakeFirst()
  return row === undefined ? undefined : toStored(cipher, row)
}

/** Stores a message as the next in its conversation (the caller serialises per conversation). */
export async function appendMessage(
  db: Db,
  cipher: FieldCipher,
  input: {
    tenantId: string
    conversationId: string
    clientId: string
    sender: ChatMessageTable['sender']
    operatorId: string | null
    text: string
    now: Date
  },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('chat_messages')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('conversation_id', '=', input.conversationId)
      .executeTakeFirst()
    const seq = (last?.seq ?? 0) + 1
    const at = input.now.toISOString()
    await trx
      .insertInto('chat_messages')
      .values({
        id: randomUUID(),
        conversation_id: input.conversationId,
        tenant_id: input.tenantId,
        sender: input.sender,
        operator_id: input.operatorId,
        body_cipher: cipher.encrypt(input.text),
        created_at: at,
        client_id: input.clientId,
        seq,
      })
      .execute()
    await trx
      .updateTable('chat_conversations')
      .set({ last_message_at: at })
      .where('id', '=', input.conversationId)
      .execute()
    return seq
  })
}

/** Messages after `afterSeq`, oldest first, decrypted. */
export async function listMessagesAfter(
  db: Db,
  cipher: FieldCipher,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<StoredMessage[]> {
  const rows = await messageQuery(db)
    .where('m.conversation_id', '=', conversationId)
    .where('m.seq', '>', afterSeq)
    .orderBy('m.seq')
    .limit(limit)
    .execute()
  return rows.map((row) => toStored(cipher, row))
}

function messageQuery(db: Db) {
  return db
    .selectFrom('chat_messages as m')
    .leftJoin('operators as o', 'o.id', 'm.operator_id')
    .select([
      'm.client_id',
      'm.seq',
      'm.sender',
      'm.body_cipher',
      'm.created_at',
      'o.display_name as operator_name',
    ])
}

function toStored(
  cipher: FieldCipher,
  row: {
    client_id: string | null
    seq: number | null
    sender: ChatMessageTable['sender']
    body_cipher: string
    created_at: string
    operator_name: string | null
  },
): StoredMessage {
  return {
    clientId: row.client_id ?? '',
    seq: row.seq ?? 0,
    sender: row.sender,
    operatorName: row.operator_name,
    text: cipher.decrypt(row.body_cipher),
    createdAt: row.created_at,
  }
}

/** Origins allowed to embed the tenant's widget; empty means any. */
export async function getAllowedOrigins(db: Db, tenantId: string): Promise<string[]> {
  const row = await db
    .selectFrom('chat_settings')
    .select('allowed_origins')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst()
  if (row === undefined) return []
  const parsed: unknown = JSON.parse(row.allowed_origins)
  return Array.isArray(parsed) ? parsed.filter((o): o is string => typeof o === 'string') : []
}

export async function setAllowedOrigins(
  db: Db,
  tenantId: string,
  origins: readonly string[],
  now: Date,
): Promise<void> {
  const values = {
    tenant_id: tenantId,
    allowed_origins: JSON.stringify(origins),
    updated_at: now.toISOString(),
  }
  await db
    .insertInto('chat_settings')
    .values(values)
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        allowed_origins: values.allowed_origins,
        updated_at: values.updated_at,
      }),
    )
    .execute()
}

/** Retention: deletes the tenant's widget conversations with no activity since `before`. */
export async function deleteConversationsBefore(
  db: Db,
  tenantId: string,
  before: string,
): Promise<number> {
  const result = await db
    .deleteFrom('chat_conversations')
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb.and([eb('last_message_at', 'is', null), eb('created_at', '<', before)]),
        eb('last_message_at', '<', before),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function findTenantBySlug(
  db: Db,
  slug: string,
): Promise<{ id: string; name: string; brand_color: string } | undefined> {
  return db
    .selectFrom('tenants')
    .select(['id', 'name', 'brand_color'])
    .where('slug', '=', slug)
    .executeTakeFirst()
}
