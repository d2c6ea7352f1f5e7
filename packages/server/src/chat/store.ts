/**
 * Chat storage: conversations and their messages. A message's text is stored only as
 * AES-256-GCM ciphertext under the chat key; callers pass the chat cipher, never plain rows.
 */
import { randomUUID } from 'node:crypto'

import type { Kysely } from 'kysely'

import type { FieldCipher } from '../secrets/field-cipher.js'
import type { ChatMessageTable, Database } from '../store/schema.js'

export interface NewConversation {
  readonly tenantId: string
  readonly sessionId: string | null
  readonly customerName: string | null
  readonly now: Date
}

export async function insertChatConversation(
  db: Kysely<Database>,
  conversation: NewConversation,
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('chat_conversations')
    .values({
      id,
      tenant_id: conversation.tenantId,
      session_id: conversation.sessionId,
      customer_name: conversation.customerName,
      state: 'open',
      created_at: conversation.now.toISOString(),
      closed_at: null,
    })
    .execute()
  return id
}

export interface ChatMessage {
  readonly id: string
  readonly conversationId: string
  readonly sender: ChatMessageTable['sender']
  readonly operatorId: string | null
  readonly text: string
  readonly createdAt: string
}

export async function insertChatMessage(
  db: Kysely<Database>,
  cipher: FieldCipher,
  message: {
    readonly tenantId: string
    readonly conversationId: string
    readonly sender: ChatMessageTable['sender']
    readonly operatorId: string | null
    readonly text: string
    readonly now: Date
  },
): Promise<string> {
  const id = randomUUID()
  await db
    .insertInto('chat_messages')
    .values({
      id,
      conversation_id: message.conversationId,
      tenant_id: message.tenantId,
      sender: message.sender,
      operator_id: message.operatorId,
      body_cipher: cipher.encrypt(message.text),
      created_at: message.now.toISOString(),
    })
    .execute()
  return id
}

/** The messages of one conversation of one tenant, oldest first, decrypted. */
export async function listChatMessages(
  db: Kysely<Database>,
  cipher: FieldCipher,
  tenantId: string,
  conversationId: string,
): Promise<ChatMessage[]> {
  const rows = await db
    .selectFrom('chat_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    sender: row.sender,
    operatorId: row.operator_id,
    text: cipher.decrypt(row.body_cipher),
    createdAt: row.created_at,
  }))
}
