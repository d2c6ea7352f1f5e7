/**
 * The website chat's rules (DESIGN.md S6): a widget opens a conversation for a tenant and
 * gets a random customer token (only its SHA-256 is kept); operators take a conversation
 * (one wins), post, close; every message is stored encrypted before anyone is told it
 * arrived, and a resend with the same client id is recognised. No Fastify, ws or SQL here.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

import {
  CHAT_HISTORY_MAX_MESSAGES,
  ChatRole,
  ConversationState,
  type ServerToChatClient,
} from '@tasuke/protocol'

import type { Services } from '../services.js'
import * as store from './conversation-store.js'

type Deps = Pick<Services, 'db' | 'clock' | 'ciphers'>
type Posted = Extract<ServerToChatClient, { type: 'chat-message' }>
type History = Extract<ServerToChatClient, { type: 'chat-history' }>

export type Conversation = store.ConversationRow

export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex')

/** Conversation states as the wire knows them (0001's 'open' counts as waiting). */
export function wireState(row: Conversation): ConversationState {
  if (row.state === 'active') return ConversationState.Active
  if (row.state === 'closed') return ConversationState.Closed
  return ConversationState.Waiting
}

export async function openConversation(
  deps: Deps,
  tenantId: string,
  customerName: string | null,
): Promise<{ conversationId: string; customerToken: string }> {
  const customerToken = randomBytes(32).toString('base64url')
  const conversationId = await store.insertWidgetConversation(deps.db, {
    tenantId,
    customerName,
    tokenHash: hashToken(customerToken),
    now: deps.clock.now(),
  })
  return { conversationId, customerToken }
}

/** The conversation if `token` is its customer token; null for any mismatch. */
export async function authenticateCustomer(
  deps: Deps,
  conversationId: string,
  token: string,
): Promise<Conversation | null> {
  const row = await store.findConversation(deps.db, conversationId)
  if (row?.customer_token_hash == null) return null
  const expected = Buffer.from(row.customer_token_hash, 'hex')
  const given = Buffer.from(hashToken(token), 'hex')
  return expected.length === given.length && timingSafeEqual(expected, given) ? row : null
}

export function toPosted(conversation: Conversation, message: store.StoredMessage): Posted {
  const name =
    message.sender === ChatRole.Customer ? conversation.customer_name : message.operatorName
  return {
    type: 'chat-message',
    conversationId: conversation.id,
    id: message.clientId,
    author: { role: message.sender, ...(name ? { name } : {}) },
    body: message.text,
    sentAt: Date.parse(message.createdAt),
  }
}

/**
 * What a joining client missed: the messages after `afterMessageId` (all when it is absent
 * or unknown), in pages of CHAT_HISTORY_MAX_MESSAGES (SPEC.md M10).
 */
export async function historyFor(
  deps: Deps,
  conversation: Conversation,
  side: 'customer' | 'operator',
  afterMessageId: string | undefined,
): Promise<History[]> {
  let afterSeq = 0
  if (afterMessageId !== undefined) {
    const known = await store.findMessage(
      deps.db,
      deps.ciphers.chat,
      conversation.id,
      afterMessageId,
    )
    afterSeq = known?.seq ?? 0
  }
  const peerRead =
    side === 'customer' ? conversation.operator_read_id : conversation.customer_read_id
  const pages: History[] = []
  for (;;) {
    const messages = await store.listMessagesAfter(
      deps.db,
      deps.ciphers.chat,
      conversation.id,
      afterSeq,
      CHAT_HISTORY_MAX_MESSAGES + 1,
    )
    const page = messages.slice(0, CHAT_HISTORY_MAX_MESSAGES)
    const hasMore = messages.length > CHAT_HISTORY_MAX_MESSAGES
    pages.push({
      type: 'chat-history',
      conversationId: conversation.id,
      state: wireState(conversation),
      ...(conversation.operator_name ? { operatorName: conversation.operator_name } : {}),
      messages: page.map((m) => toPosted(conversation, m)),
      ...(peerRead ? { peerReadUpTo: peerRead } : {}),
      hasMore,
    })
    if (!hasMore) return pages
    afterSeq = page[page.length - 1]?.seq ?? afterSeq
  }
}

export type PostResult =
  | { readonly ok: true; readonly posted: Posted; readonly isResend: boolean }
  | { readonly ok: false; readonly reason: 'closed' }

// One writer per conversation in this process, so numbering never races here; the unique
// (conversation, seq) index refuses a race between nodes.
const writers = new Map<string, Promise<unknown>>()

function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = writers.get(key) ?? Promise.resolve()
  const next = previous.then(work, work)
  const tail = next.catch(() => undefined)
  writers.set(key, tail)
  void tail.then(() => {
    if (writers.get(key) === tail) writers.delete(key)
  })
  return next
}

/** Stores a message (SPEC.md M11); a resend of a stored client id returns the stored one. */
export function postMessage(
  deps: Deps,
  conversation: Conversation,
  from: { role: ChatRole; operatorId: string | null },
  clientId: string,
  text: string,
): Promise<PostResult> {
  return serialised(conversation.id, async () => {
    const existing = await store.findMessage(deps.db, deps.ciphers.chat, conversation.id, clientId)
    const fresh = await store.findConversation(deps.db, conversation.id)
    const current = fresh ?? conversation
    if (existing !== undefined) {
      return { ok: true, posted: toPosted(current, existing), isResend: true }
    }
    if (current.state === 'closed') return { ok: false, reason: 'closed' }
    const now = deps.clock.now()
    const seq = await store.appendMessage(deps.db, deps.ciphers.chat, {
      tenantId: conversation.tenant_id,
      conversationId: conversation.id,
      clientId,
      sender: from.role,
      operatorId: from.operatorId,
      text,
      now,
    })
    const stored = await store.findMessage(deps.db, deps.ciphers.chat, conversation.id, clientId)
    const message: store.StoredMessage = stored ?? {
      clientId,
      seq,
      sender: from.role,
      operatorName: null,
      text,
      createdAt: now.toISOString(),
    }
    return { ok: true, posted: toPosted(current, message), isResend: false }
  })
}

/** Items of the console's queue and transcript lists. */
export interface ConversationSummary {
  readonly id: string
  readonly state: ConversationState
  readonly customerName: string | null
  readonly createdAt: string
  readonly lastMessageAt: string | null
  readonly closedAt: string | null
  readonly operator: { readonly id: string; readonly displayName: string } | null
  readonly sessionId: string | null
}

export function summarise(row: Conversation): ConversationSummary {
  return {
    id: row.id,
    state: wireState(row),
    customerName: row.customer_name,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
    closedAt: row.closed_at,
    operator:
      row.operator_id === null
        ? null
        : { id: row.operator_id, displayName: row.operator_name ?? '' },
    sessionId: row.session_id,
  }
}

export async function findForTenant(
  deps: Deps,
  id: string,
  tenantId: string,
): Promise<Conversation | null> {
  return (await store.findConversation(deps.db, id, tenantId)) ?? null
}

export async function markRead(
  deps: Deps,
  conversationId: string,
  side: 'customer' | 'operator',
  messageId: string,
): Promise<void> {
  await store.setReadPosition(deps.db, conversationId, side, messageId)
}
